import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { BookingUseCases } from '../../src/application/booking-use-cases.js';
import type { PatientWording } from '../../src/application/patient-languages.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import type { Clinic } from '../../src/domain/clinic.js';
import type { PatientLimits } from '../../src/domain/patient-limits.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { SlotId } from '../../src/domain/slot.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { Clock } from '../../src/ports/clock.js';
import { ENGLISH, wordingIn } from './language-packs.js';
import { metricsFor } from './metrics.js';

/** The server's defaults. */
export const DEFAULT_PATIENT_LIMITS: PatientLimits = { maxHolds: 3, maxAppointments: 3 };

/** The use cases as the server builds them: SMS notifications, reminders a day ahead, the default limits. */
export function bookingUseCases(
  store: BookingStore,
  clock: Clock,
  clinic: Clinic,
  limits: PatientLimits = DEFAULT_PATIENT_LIMITS,
  wording: PatientWording = wordingIn(ENGLISH),
): BookingUseCases {
  return new BookingUseCases(
    store,
    clock,
    new RandomIdGenerator(),
    clinic,
    { channel: 'sms', reminderLeadMs: 24 * 3_600_000 },
    limits,
    metricsFor(store, clock),
    wording,
  );
}

/** A store with the clinic's slots published and `slotIds` booked by `patient`: their confirmations are due. */
export async function aStoreWithBookings(
  clinic: Clinic,
  clock: Clock,
  patient: PhoneNumber,
  slotIds: SlotId[],
): Promise<InMemoryBookingStore> {
  const store = new InMemoryBookingStore();
  await new PublishSlots(store, clock, clinic).execute();
  const useCases = bookingUseCases(store, clock, clinic);
  for (const slotId of slotIds) {
    if (!(await useCases.holdSlot.execute(slotId, patient)).ok) throw new Error(`could not hold ${slotId}`);
    if (!(await useCases.confirmAppointment.execute(slotId, patient, 'api')).ok)
      throw new Error(`could not book ${slotId}`);
  }
  return store;
}
