import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { BookingUseCases } from '../../src/application/booking-use-cases.js';
import type { Clinic } from '../../src/domain/clinic.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { Clock } from '../../src/ports/clock.js';

/** The use cases as the server builds them: SMS notifications, reminders a day ahead. */
export function bookingUseCases(store: BookingStore, clock: Clock, clinic: Clinic): BookingUseCases {
  return new BookingUseCases(store, clock, new RandomIdGenerator(), clinic, {
    channel: 'sms',
    reminderLeadMs: 24 * 3_600_000,
  });
}
