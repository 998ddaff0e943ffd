import type { Appointment } from './appointment.js';
import type { BookingChannel } from './booking-channel.js';
import { domainError } from './domain-error.js';
import type { PhoneNumber } from './phone-number.js';
import { fail, ok, type Result } from './result.js';
import { freed, type Slot } from './slot.js';

export interface Booking {
  slot: Slot;
  appointment: Appointment;
}

/** Only the holder books, and only while the hold lasts. */
export function confirmHold(
  slot: Slot,
  patient: PhoneNumber,
  now: number,
  appointmentId: string,
  channel: BookingChannel,
): Result<Booking> {
  if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `slotId: slot ${slot.slotId} has already started`));
  if (slot.status !== 'HELD' || slot.patient !== patient) {
    return fail(domainError('NO_VALID_HOLD', `slotId: this patient holds no slot ${slot.slotId}; hold it first`));
  }
  if ((slot.holdExpiresAt ?? 0) <= now) {
    return fail(domainError('HOLD_EXPIRED', `slotId: the hold on slot ${slot.slotId} has expired; hold it again`));
  }
  const appointment: Appointment = {
    appointmentId,
    slotId: slot.slotId,
    ...(slot.providerId ? { providerId: slot.providerId } : {}),
    patient,
    start: slot.start,
    end: slot.end,
    status: 'BOOKED',
    channel,
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
  return ok({
    slot: { ...freed(slot), status: 'BOOKED', patient, appointmentId },
    appointment,
  });
}
