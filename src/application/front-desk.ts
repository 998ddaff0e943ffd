import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import { isOpenAt } from '../domain/opening-hours.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Clock } from '../ports/clock.js';
import type { StaffCallbacks } from '../ports/staff-callbacks.js';
import type { StaffAlerts } from './staff-alerts.js';

/**
 * The clinic's own people on the phone. A caller is put through only while the clinic is open; a
 * caller the front desk did not answer goes on the staff callback list, so nobody is left unheard.
 */
export class FrontDesk {
  constructor(
    private readonly clinic: Clinic,
    private readonly clock: Clock,
    private readonly callbacks: StaffCallbacks,
    private readonly alerts: StaffAlerts,
    /** Unset when the clinic has given no number to put callers through to. */
    readonly number?: PhoneNumber,
  ) {}

  /** The number to put a caller through to now, or nothing while the clinic is closed. */
  reachableNow(): PhoneNumber | undefined {
    return this.number && isOpenAt(this.clinic, this.clock.now()) ? this.number : undefined;
  }

  /** A transfer nobody answered: staff call the caller back on the number they called from. */
  async unanswered(caller: PhoneNumber, channel: Channel): Promise<void> {
    const reason = 'put through to the front desk, which did not answer';
    await this.callbacks.request(caller, reason, channel, this.clock.now());
    await this.alerts.handedOff({ patient: caller, reason, channel, urgent: false });
  }
}
