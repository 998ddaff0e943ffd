import type { Appointment } from '../domain/appointment.js';
import { cancelAppointment } from '../domain/cancel-appointment.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { ok, type Result } from '../domain/result.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import { loadBooking } from './load-booking.js';

export class CancelAppointment {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
  ) {}

  execute(appointmentId: string, patient: PhoneNumber): Promise<Result<Appointment>> {
    return commitWithRetry(this.store, async () => {
      const booking = await loadBooking(this.store, appointmentId);
      if (!booking.ok) return booking;
      const cancelled = cancelAppointment(booking.value.appointment, booking.value.slot, patient, this.clock.now());
      if (!cancelled.ok) return cancelled;
      const { appointment, slot } = cancelled.value;
      const slotChanged = slot !== booking.value.slot;
      return ok({
        writes: [
          { kind: 'appointment', record: appointment },
          ...(slotChanged ? [{ kind: 'slot' as const, record: slot }] : []),
        ],
        value: bumped(appointment),
      });
    });
  }
}
