import type { Appointment } from './appointment.js';
import { domainError } from './domain-error.js';
import { fail, ok, type Result } from './result.js';
import { freed, type Slot, statusAt } from './slot.js';

/** Long enough for "Dr. Lee at the county hospital, covering for Dr. Park", short enough to list. */
export const BLOCK_REASON_MAX_LENGTH = 200;

/** A slot blocked, with the appointment that was on it, cancelled in the same change. */
export interface BlockedBooking {
  slot: Slot;
  appointment: Appointment;
}

const blocked = (slot: Slot, reason?: string): Slot => ({
  ...freed(slot),
  status: 'BLOCKED',
  ...(reason ? { blockReason: reason } : {}),
});

/**
 * The clinic takes a time out of its schedule. Only a free time can be blocked as it is: a patient's
 * booking must first be moved or cancelled (or cancelled with the block, by `blockBooked`), and a
 * live hold is a patient about to book. Blocking again what is blocked only sets its reason; the
 * slot itself comes back when nothing changes, so the caller writes nothing.
 */
export function blockSlot(slot: Slot, now: number, reason?: string): Result<Slot> {
  if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `slot ${slot.slotId} has already started`));
  const status = statusAt(slot, now);
  if (status === 'BLOCKED') return ok(slot.blockReason === reason ? slot : blocked(slot, reason));
  if (status === 'BOOKED') {
    const appointmentIds = slot.appointmentId ? [slot.appointmentId] : [];
    return fail({
      ...domainError('SLOT_BOOKED', `slot ${slot.slotId} is booked (appointment ${slot.appointmentId})`),
      appointmentIds,
    });
  }
  if (status === 'HELD') {
    return fail(domainError('SLOT_HELD', `slot ${slot.slotId} is held by a patient about to book it`));
  }
  return ok(blocked(slot, reason));
}

/**
 * A hold dropped for the block: the patient had not booked, so nothing is owed them beyond the
 * refusal their confirmation will meet.
 */
export function blockHeld(slot: Slot, now: number, reason?: string): Result<Slot> {
  if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `slot ${slot.slotId} has already started`));
  return statusAt(slot, now) === 'HELD' ? ok(blocked(slot, reason)) : blockSlot(slot, now, reason);
}

/** The clinic cancels a booking to block its time: the patient's appointment and the slot change together. */
export function blockBooked(
  slot: Slot,
  appointment: Appointment,
  now: number,
  reason?: string,
): Result<BlockedBooking> {
  if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `slot ${slot.slotId} has already started`));
  if (slot.status !== 'BOOKED' || slot.appointmentId !== appointment.appointmentId || appointment.status !== 'BOOKED') {
    return fail(
      domainError('CONFLICT', `slot ${slot.slotId} no longer carries appointment ${appointment.appointmentId}`),
    );
  }
  return ok({
    slot: blocked(slot, reason),
    appointment: { ...appointment, status: 'CANCELLED', updatedAt: now },
  });
}

/**
 * The time is offered again. Unblocking what is not blocked changes nothing (the slot itself comes
 * back); a time that has started stays as it was, as nobody can take it any more.
 */
export function unblockSlot(slot: Slot, now: number): Result<Slot> {
  if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `slot ${slot.slotId} has already started`));
  return ok(slot.status === 'BLOCKED' ? freed(slot) : slot);
}
