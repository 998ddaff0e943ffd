import type { Appointment } from '../domain/appointment.js';
import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import { domainError } from '../domain/domain-error.js';
import { type NotificationPolicy, notificationOf, reminderFor, reminderIdOf } from '../domain/notification-policy.js';
import { withTaken } from '../domain/patient-limits.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { rescheduleAppointment } from '../domain/rescheduling.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { SlotId } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Metrics } from '../ports/metrics.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import { loadBooking } from './load-booking.js';
import type { PatientWording } from './patient-languages.js';
import { takenSlots } from './taken-slots.js';

export class RescheduleAppointment {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly clinic: Clinic,
    private readonly notificationPolicy: NotificationPolicy,
    private readonly metrics: Metrics,
    private readonly wording: PatientWording,
  ) {}

  /**
   * One commit books the new slot, frees the old one, moves the appointment, tells the patient and
   * moves the reminder, or changes nothing. A move takes no more than the patient had, so no limit is
   * checked; the new slot still goes on the patient's taken slots, where later requests count it.
   */
  execute(
    appointmentId: string,
    patient: PhoneNumber,
    newSlotId: SlotId,
    channel: Channel = this.notificationPolicy.channel,
  ): Promise<Result<Appointment>> {
    const notificationId = this.ids.next('ntf');
    const policy = { ...this.notificationPolicy, channel };
    const addressee = this.wording.addresseeOf(patient);
    return commitWithRetry(this.store, this.metrics, async () => {
      const to = await addressee;
      const booking = await loadBooking(this.store, appointmentId);
      if (!booking.ok) return booking;
      const newSlot = await this.store.slot(newSlotId);
      if (!newSlot) return fail(domainError('SLOT_NOT_FOUND', `newSlotId: no slot ${newSlotId}`));
      const now = this.clock.now();
      const moved = rescheduleAppointment(booking.value.appointment, booking.value.slot, newSlot, patient, now);
      if (!moved.ok) return moved;
      const { appointment, oldSlot, newSlot: booked } = moved.value;
      const { record, taken } = await takenSlots(this.store, patient, now);
      const stillTaken = taken.filter((slot) => slot.slotId !== oldSlot.slotId);
      const reminder = reminderFor(
        appointment,
        this.clinic,
        policy,
        now,
        to,
        await this.store.notification(reminderIdOf(appointmentId)),
      );
      return ok({
        writes: [
          { kind: 'slot', record: booked },
          ...(oldSlot !== booking.value.slot ? [{ kind: 'slot' as const, record: oldSlot }] : []),
          { kind: 'appointment', record: appointment },
          { kind: 'patientSlots', record: withTaken(record, stillTaken, newSlotId, patient, now) },
          {
            kind: 'notification',
            record: notificationOf('MOVED', appointment, this.clinic, policy, now, notificationId, to),
          },
          ...(reminder ? [{ kind: 'notification' as const, record: reminder }] : []),
        ],
        value: bumped(appointment),
        change: 'reschedule',
      });
    });
  }
}
