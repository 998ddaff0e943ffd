import type { Appointment } from '../domain/appointment.js';
import type { Clinic } from '../domain/clinic.js';
import {
  type Addressee,
  type NotificationPolicy,
  notificationOf,
  reminderFor,
  reminderIdOf,
} from '../domain/notification-policy.js';
import type { BookingStore, StoreWrite } from '../ports/booking-store.js';

/**
 * What any cancellation owes the patient, whoever cancels (the patient, or staff blocking the time):
 * the appointment cancelled, their text, and the reminder withdrawn, written in one commit with the slot.
 */
export async function cancellationWrites(
  store: Pick<BookingStore, 'notification'>,
  clinic: Clinic,
  policy: NotificationPolicy,
  cancelled: Appointment,
  now: number,
  notificationId: string,
  to: Addressee,
): Promise<StoreWrite[]> {
  const reminder = reminderFor(
    cancelled,
    clinic,
    policy,
    now,
    to,
    await store.notification(reminderIdOf(cancelled.appointmentId)),
  );
  return [
    { kind: 'appointment', record: cancelled },
    { kind: 'notification', record: notificationOf('CANCELLED', cancelled, clinic, policy, now, notificationId, to) },
    ...(reminder ? [{ kind: 'notification' as const, record: reminder }] : []),
  ];
}
