import type { Clinic } from '../domain/clinic.js';
import type { Messenger, OutboundMessage } from '../ports/messenger.js';

/**
 * One clinic's messenger over the deployment's: its SMS go out from the first number it lists, so its
 * patients hear from, and reply to, the number they know it by, which is also how a reply finds the
 * clinic again. A clinic that lists no number sends from the configured sender. WhatsApp goes out from
 * the configured WhatsApp sender still: a clinic's first number need not be a WhatsApp sender, and
 * Twilio refuses a WhatsApp message from one that is not.
 */
export class ClinicSender implements Messenger {
  constructor(
    private readonly messenger: Messenger,
    private readonly clinic: Clinic,
  ) {}

  send(message: OutboundMessage): Promise<{ providerId: string }> {
    const [number] = this.clinic.numbers;
    const stamped = message.from || !number || message.channel !== 'sms';
    return this.messenger.send(stamped ? message : { ...message, from: number });
  }
}
