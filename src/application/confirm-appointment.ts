import type { Appointment } from '../domain/appointment.js';
import type { BookingChannel } from '../domain/booking-channel.js';
import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import { confirmHold } from '../domain/confirmation.js';
import { domainError } from '../domain/domain-error.js';
import { type NotificationPolicy, notificationOf, reminderFor } from '../domain/notification-policy.js';
import { checkMayBook, type PatientLimits, withTaken } from '../domain/patient-limits.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { SlotId } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Metrics } from '../ports/metrics.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import type { PatientWording } from './patient-languages.js';
import { takenSlots } from './taken-slots.js';

export class ConfirmAppointment {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly clinic: Clinic,
    private readonly notificationPolicy: NotificationPolicy,
    private readonly limits: PatientLimits,
    private readonly metrics: Metrics,
    private readonly wording: PatientWording,
  ) {}

  /**
   * Books the slot the patient holds. Confirming again a slot that patient already booked answers
   * with that booking, so a retried request never books twice nor reports a failure. `bookedVia` is
   * recorded on the appointment; `channel` is where the patient's texts about it go.
   */
  execute(
    slotId: SlotId,
    patient: PhoneNumber,
    bookedVia: BookingChannel,
    channel: Channel = this.notificationPolicy.channel,
  ): Promise<Result<Appointment>> {
    const appointmentId = this.ids.next('apt');
    const notificationId = this.ids.next('ntf');
    const policy = { ...this.notificationPolicy, channel };
    const addressee = this.wording.addresseeOf(patient);
    return commitWithRetry(
      this.store,
      this.metrics,
      async () => {
        const slot = await this.store.slot(slotId);
        if (!slot) return fail(domainError('SLOT_NOT_FOUND', `slotId: no slot ${slotId}`));
        if (slot.status === 'BOOKED' && slot.patient === patient && slot.appointmentId) {
          const existing = await this.store.appointment(slot.appointmentId);
          if (existing) return ok({ writes: [], value: existing });
        }
        const now = this.clock.now();
        const booking = confirmHold(slot, patient, now, appointmentId, bookedVia);
        if (!booking.ok) return booking;
        const { record, taken } = await takenSlots(this.store, patient, now);
        const allowed = checkMayBook(taken, slotId, patient, now, this.limits);
        if (!allowed.ok) return allowed;
        const { slot: booked, appointment } = booking.value;
        const to = await addressee;
        const reminder = reminderFor(appointment, this.clinic, policy, now, to);
        return ok({
          writes: [
            { kind: 'slot', record: booked },
            { kind: 'appointment', record: appointment },
            { kind: 'patientSlots', record: withTaken(record, taken, slotId, patient, now) },
            {
              kind: 'notification',
              // Booked in the patient's own texts: the reply says so, one message is enough.
              record: notificationOf(
                'BOOKED',
                appointment,
                this.clinic,
                policy,
                now,
                notificationId,
                to,
                bookedVia === channel,
              ),
            },
            ...(reminder ? [{ kind: 'notification' as const, record: reminder }] : []),
          ],
          value: bumped(appointment),
          change: 'booking',
        });
      },
      { requestToken: `confirm:${slotId}:${patient}` },
    );
  }
}
