import type { Appointment } from '../domain/appointment.js';
import { cancelAppointment } from '../domain/cancellation.js';
import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import type { NotificationPolicy } from '../domain/notification-policy.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { ok, type Result } from '../domain/result.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Metrics } from '../ports/metrics.js';
import { cancellationWrites } from './cancellation-writes.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import { loadBooking } from './load-booking.js';
import type { PatientWording } from './patient-languages.js';

export class CancelAppointment {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly clinic: Clinic,
    private readonly notificationPolicy: NotificationPolicy,
    private readonly metrics: Metrics,
    private readonly wording: PatientWording,
  ) {}

  /** Cancels, tells the patient, and withdraws the reminder, all in one commit. */
  execute(
    appointmentId: string,
    patient: PhoneNumber,
    channel: Channel = this.notificationPolicy.channel,
  ): Promise<Result<Appointment>> {
    const notificationId = this.ids.next('ntf');
    const policy = { ...this.notificationPolicy, channel };
    const addressee = this.wording.addresseeOf(patient);
    return commitWithRetry(this.store, this.metrics, async () => {
      const to = await addressee;
      const booking = await loadBooking(this.store, appointmentId);
      if (!booking.ok) return booking;
      const now = this.clock.now();
      const cancelled = cancelAppointment(booking.value.appointment, booking.value.slot, patient, now);
      if (!cancelled.ok) return cancelled;
      const { appointment, slot } = cancelled.value;
      const slotChanged = slot !== booking.value.slot;
      return ok({
        writes: [
          ...(slotChanged ? [{ kind: 'slot' as const, record: slot }] : []),
          ...(await cancellationWrites(this.store, this.clinic, policy, appointment, now, notificationId, to)),
        ],
        value: bumped(appointment),
        change: 'cancellation',
      });
    });
  }
}
