import type { Appointment } from './appointment.js';
import { checkOwnedAndUpcoming } from './cancellation.js';
import { domainError } from './domain-error.js';
import { checkTakeable } from './hold.js';
import type { PhoneNumber } from './phone-number.js';
import { fail, ok, type Result } from './result.js';
import { freed, type Slot } from './slot.js';

function movedTo(appointment: Appointment, slot: Slot, now: number): Appointment {
  const { providerId: _previous, ...rest } = appointment;
  return {
    ...rest,
    ...(slot.providerId ? { providerId: slot.providerId } : {}),
    slotId: slot.slotId,
    start: slot.start,
    end: slot.end,
    updatedAt: now,
  };
}

export interface Move {
  appointment: Appointment;
  oldSlot: Slot;
  newSlot: Slot;
}

/**
 * Moves a booking as one change: the new slot is booked and the old one freed together, so a
 * patient never ends up with neither. The new slot may be free or held by this same patient.
 */
export function rescheduleAppointment(
  appointment: Appointment,
  oldSlot: Slot,
  newSlot: Slot,
  patient: PhoneNumber,
  now: number,
): Result<Move> {
  const checked = checkOwnedAndUpcoming(appointment, patient, now);
  if (!checked.ok) return checked;
  if (newSlot.slotId === appointment.slotId) {
    return fail(domainError('SAME_SLOT', `newSlotId: the appointment is already in slot ${newSlot.slotId}`));
  }
  const takeable = checkTakeable(newSlot, patient, now, 'newSlotId');
  if (!takeable.ok) return takeable;
  return ok({
    appointment: movedTo(appointment, newSlot, now),
    oldSlot: oldSlot.appointmentId === appointment.appointmentId ? freed(oldSlot) : oldSlot,
    newSlot: {
      ...freed(newSlot),
      status: 'BOOKED',
      patient,
      appointmentId: appointment.appointmentId,
    },
  });
}
