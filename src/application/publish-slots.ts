import type { Clinic } from '../domain/clinic.js';
import { generateSlots } from '../domain/generate-slots.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';

export class PublishSlots {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  /** Opens the booking horizon up to today + horizon. Safe to run again, or from two servers at once. */
  execute(): Promise<number> {
    return this.store.addMissingSlots(generateSlots(this.clinic, this.clock.now()));
  }
}
