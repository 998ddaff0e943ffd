import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { BookingUseCases } from '../../src/application/booking-use-cases.js';
import type { Clinic } from '../../src/domain/clinic.js';
import type { PatientLimits } from '../../src/domain/patient-limits.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { Clock } from '../../src/ports/clock.js';
import { metricsFor } from './metrics.js';

/** The server's defaults. */
export const DEFAULT_PATIENT_LIMITS: PatientLimits = { maxHolds: 3, maxAppointments: 3 };

/** The use cases as the server builds them: SMS notifications, reminders a day ahead, the default limits. */
export function bookingUseCases(
  store: BookingStore,
  clock: Clock,
  clinic: Clinic,
  limits: PatientLimits = DEFAULT_PATIENT_LIMITS,
): BookingUseCases {
  return new BookingUseCases(
    store,
    clock,
    new RandomIdGenerator(),
    clinic,
    { channel: 'sms', reminderLeadMs: 24 * 3_600_000 },
    limits,
    metricsFor(store, clock),
  );
}
