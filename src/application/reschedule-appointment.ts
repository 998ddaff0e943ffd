import type { Appointment } from '../domain/appointment.js';
import { domainError } from '../domain/domain-error.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { rescheduleAppointment } from '../domain/reschedule-appointment.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { SlotId } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import { loadBooking } from './load-booking.js';

export class RescheduleAppointment {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
  ) {}

  /** One commit books the new slot, frees the old one and moves the appointment, or changes nothing. */
  execute(appointmentId: string, patient: PhoneNumber, newSlotId: SlotId): Promise<Result<Appointment>> {
    return commitWithRetry(this.store, async () => {
      const booking = await loadBooking(this.store, appointmentId);
      if (!booking.ok) return booking;
      const newSlot = await this.store.slot(newSlotId);
      if (!newSlot) return fail(domainError('SLOT_NOT_FOUND', `newSlotId: no slot ${newSlotId}`));
      const moved = rescheduleAppointment(booking.value.appointment, booking.value.slot, newSlot, patient, this.clock.now());
      if (!moved.ok) return moved;
      const { appointment, oldSlot, newSlot: booked } = moved.value;
      return ok({
        writes: [
          { kind: 'slot', record: booked },
          ...(oldSlot !== booking.value.slot ? [{ kind: 'slot' as const, record: oldSlot }] : []),
          { kind: 'appointment', record: appointment },
        ],
        value: bumped(appointment),
      });
    });
  }
}
