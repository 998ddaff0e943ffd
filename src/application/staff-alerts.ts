import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import { maskPhoneNumber, type PhoneNumber } from '../domain/phone-number.js';
import type { Logger } from '../ports/logger.js';
import type { Messenger } from '../ports/messenger.js';

export interface HandOff {
  patient: PhoneNumber;
  reason: string;
  channel: Channel;
  /** The patient described something that cannot wait: staff read it first. */
  urgent: boolean;
}

/**
 * Texts staff the moment a patient is handed to them, so an emergency or a "call me back" is not left
 * waiting on a list someone has to poll. The hand-off is already on the callback list when the text
 * goes: a text that fails is logged, and the list still holds the request.
 */
export class StaffAlerts {
  constructor(
    private readonly messenger: Messenger,
    private readonly logger: Logger,
    private readonly clinic: Clinic,
    /** A mobile staff read; unset, hand-offs wait on the callback list alone. */
    private readonly alertNumber?: PhoneNumber,
  ) {}

  async handedOff(handOff: HandOff): Promise<void> {
    if (!this.alertNumber) return;
    const fields = { to: maskPhoneNumber(this.alertNumber), urgent: handOff.urgent };
    try {
      await this.messenger.send({ to: this.alertNumber, channel: 'sms', body: alertText(this.clinic, handOff) });
      this.logger.info(fields, 'staff alerted to a hand-off');
    } catch (err) {
      this.logger.error({ ...fields, err }, 'alerting staff failed; the request waits on the callback list');
    }
  }
}

/**
 * Staff call the patient back from this text: the number in full, how they wrote, and why. It names
 * the clinic first, as one alert number may serve every practice of a group.
 */
function alertText(clinic: Clinic, { patient, reason, channel, urgent }: HandOff): string {
  return `${clinic.name}: ${urgent ? 'URGENT: ' : ''}Please call back ${patient} (by ${channel === 'whatsapp' ? 'WhatsApp' : 'phone or text'}): ${reason}`;
}
