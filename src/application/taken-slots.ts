import type { PatientSlots } from '../domain/patient-limits.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Slot, SlotId } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';

export interface TakenSlots {
  /** The record to commit over (version 0: none is stored yet). */
  record: PatientSlots;
  /** Its slots as they are now, each read by its own key. */
  taken: Slot[];
}

/**
 * What a patient has taken, to count against the limits. The record is read before its slots, so a
 * slot the patient took in a commit that came first is both listed and read as theirs; one that comes
 * after moves the record's version, and the commit over it fails and decides again. A patient with
 * no record yet (nothing taken since limits were counted) starts from their upcoming appointments.
 */
export async function takenSlots(store: BookingStore, patient: PhoneNumber, now: number): Promise<TakenSlots> {
  const record = (await store.patientSlots(patient)) ?? {
    patient,
    slotIds: (await store.appointmentsOf(patient))
      .filter((appointment) => appointment.status === 'BOOKED' && appointment.start > now)
      .map((appointment) => appointment.slotId),
    version: 0,
  };
  const ids = [...new Set<SlotId>(record.slotIds)];
  const slots = await Promise.all(ids.map((slotId) => store.slot(slotId)));
  return { record, taken: slots.filter((slot): slot is Slot => slot !== undefined) };
}
