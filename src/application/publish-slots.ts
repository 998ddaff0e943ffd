import type { Clinic } from '../domain/clinic.js';
import { generateSlots, horizonDates } from '../domain/generate-slots.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';

export class PublishSlots {
  /** The last day of the horizon whose slots are all stored, once a run has succeeded. */
  private publishedThrough: string | undefined;

  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  /**
   * Opens the booking horizon up to today + horizon. Safe to run again, or from two servers at once.
   * The first run stores whatever the whole horizon lacks; each later one (hourly) only the days that
   * have entered it since the last run that succeeded. A large clinic's horizon is over 100,000
   * slots: offering them all to the store again every hour held every call and request up for about
   * two seconds, and on DynamoDB cost a conditional write per slot.
   */
  async execute(): Promise<number> {
    const now = this.clock.now();
    const dates = horizonDates(this.clinic, now);
    const since = this.publishedThrough;
    const fresh = since === undefined ? dates : dates.filter((date) => date > since);
    const added = fresh.length > 0 ? await this.store.addMissingSlots(generateSlots(this.clinic, now, fresh)) : 0;
    this.publishedThrough = dates.at(-1);
    return added;
  }
}
