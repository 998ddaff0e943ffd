import type { Channel } from './channel.js';
import type { PhoneNumber } from './phone-number.js';

export type NotificationKind = 'BOOKED' | 'MOVED' | 'CANCELLED' | 'REMINDER';

/**
 * PENDING until sent (SENT), given up after repeated failures (FAILED), or no longer wanted
 * (SKIPPED: the appointment was cancelled before its reminder, or the patient texted STOP).
 */
type NotificationStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SKIPPED';

/**
 * A text owed to a patient, written in the same commit as the booking change it tells of, so a
 * booking is never stored without its confirmation nor a confirmation without its booking.
 */
export interface Notification {
  notificationId: string;
  appointmentId: string;
  patient: PhoneNumber;
  channel: Channel;
  kind: NotificationKind;
  body: string;
  /** The language `body` is written in, chosen when it was queued (unset on those queued before it was recorded). */
  language?: string;
  /** Epoch ms: not sent before. Also when the next attempt is due after a failure. */
  dueAt: number;
  status: NotificationStatus;
  attempts: number;
  /** While a dispatcher sends it, no other takes it; a crashed dispatcher's lease simply runs out. */
  leaseUntil?: number;
  sentAt?: number;
  providerId?: string;
  /** A short reason for the last failure, never the message text nor a phone number. */
  lastError?: string;
  /**
   * The appointment's version once the change this notification tells of is stored. A later change makes a
   * notification of its own, so one still unsent when the appointment has moved past this version has been
   * overtaken (a confirmation retried after the cancellation went out) and is not sent. Unset on
   * reminders, which every change rewrites, and on notifications stored before it was recorded.
   */
  appointmentVersion?: number;
  version: number;
}

/** Whether a later change to the appointment has made this notification untrue, so it must not go out. */
export const overtaken = (notification: Notification, appointment: { version: number }): boolean =>
  notification.appointmentVersion !== undefined && appointment.version > notification.appointmentVersion;
