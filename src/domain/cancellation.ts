import type { Appointment } from './appointment.js';
import { domainError } from './domain-error.js';
import type { PhoneNumber } from './phone-number.js';
import { fail, ok, type Result } from './result.js';
import { freed, type Slot } from './slot.js';

export interface Cancellation {
  appointment: Appointment;
  slot: Slot;
}

/** Appointments are checked and ordered the same way wherever a patient acts on one. */
export function checkOwnedAndUpcoming(
  appointment: Appointment,
  patient: PhoneNumber,
  now: number,
): Result<Appointment> {
  if (appointment.patient !== patient) {
    return fail(
      domainError('NOT_OWNER', `phoneNumber: appointment ${appointment.appointmentId} belongs to another patient`),
    );
  }
  if (appointment.status === 'CANCELLED') {
    return fail(domainError('ALREADY_CANCELLED', `appointment ${appointment.appointmentId} is already cancelled`));
  }
  if (appointment.start <= now) {
    return fail(domainError('APPOINTMENT_IN_PAST', `appointment ${appointment.appointmentId} has already started`));
  }
  return ok(appointment);
}

/** Only the patient who booked cancels, before the visit; the slot is free again at once. */
export function cancelAppointment(
  appointment: Appointment,
  slot: Slot,
  patient: PhoneNumber,
  now: number,
): Result<Cancellation> {
  const checked = checkOwnedAndUpcoming(appointment, patient, now);
  if (!checked.ok) return checked;
  const stillOnSlot = slot.appointmentId === appointment.appointmentId;
  return ok({
    appointment: { ...appointment, status: 'CANCELLED', updatedAt: now },
    slot: stillOnSlot ? freed(slot) : slot,
  });
}
