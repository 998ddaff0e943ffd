import type { Appointment } from './appointment.js';
import type { Channel } from './channel.js';
import type { Clinic } from './clinic.js';
import type { Notification, NotificationKind } from './notification.js';
import { nameOf, toLocal } from './zoned-time.js';

/** When and how a clinic's patients are told of their bookings. */
export interface NotificationPolicy {
  channel: Channel;
  /** How long before the visit the reminder goes out. */
  reminderLeadMs: number;
}

function whenOf(appointment: Appointment, clinic: Clinic): string {
  const weekday = nameOf(appointment.start, clinic.timeZone, 'weekday');
  const month = nameOf(appointment.start, clinic.timeZone, 'month');
  const local = toLocal(appointment.start, clinic.timeZone);
  const provider = clinic.providers.find((p) => p.id === appointment.providerId);
  return `${weekday} ${Number(local.date.slice(8))} ${month} at ${local.time}${provider ? ` with ${provider.name}` : ''}`;
}

const TEXTS: Record<NotificationKind, (when: string, clinic: Clinic, appointment: Appointment) => string> = {
  BOOKED: (when, clinic, a) =>
    `${clinic.name}: your appointment is booked for ${when}. Ref ${a.appointmentId}. Reply to move or cancel it.`,
  MOVED: (when, clinic, a) => `${clinic.name}: your appointment has moved to ${when}. Ref ${a.appointmentId}.`,
  CANCELLED: (when, clinic) => `${clinic.name}: your appointment on ${when} is cancelled.`,
  REMINDER: (when, clinic) =>
    `Reminder from ${clinic.name}: your appointment is on ${when}. Reply to move or cancel it.`,
};

/**
 * The text owed to a patient for a change to their appointment, due at once. `toldInReply`: the change
 * was made in the patient's own texts on this channel, whose reply already says it, so the text is
 * stored as skipped rather than sent as a second message saying the same.
 */
export function notificationOf(
  kind: Exclude<NotificationKind, 'REMINDER'>,
  appointment: Appointment,
  clinic: Clinic,
  policy: NotificationPolicy,
  now: number,
  notificationId: string,
  toldInReply = false,
): Notification {
  return {
    notificationId,
    appointmentId: appointment.appointmentId,
    patient: appointment.patient,
    channel: policy.channel,
    kind,
    body: TEXTS[kind](whenOf(appointment, clinic), clinic, appointment),
    dueAt: now,
    ...(toldInReply ? { status: 'SKIPPED', lastError: 'told in the reply' } : { status: 'PENDING' }),
    attempts: 0,
    // `appointment` is the record as the same commit writes it, which stores it one version on.
    appointmentVersion: appointment.version + 1,
    version: 0,
  };
}

/** One reminder per appointment, under an id derived from it, so a move or a cancel finds it again. */
export const reminderIdOf = (appointmentId: string) => `rem_${appointmentId}`;

/**
 * The appointment's reminder as it should now stand, written over `existing` (whatever its state):
 * pending at start - lead for a live appointment, skipped for a cancelled one. No reminder at all
 * when the lead time has already passed: the booking's own confirmation is then the reminder.
 */
export function reminderFor(
  appointment: Appointment,
  clinic: Clinic,
  policy: NotificationPolicy,
  now: number,
  existing?: Notification,
): Notification | undefined {
  const dueAt = appointment.start - policy.reminderLeadMs;
  if (appointment.status === 'CANCELLED') {
    return existing && existing.status === 'PENDING'
      ? { ...withoutDelivery(existing), status: 'SKIPPED', lastError: 'appointment cancelled' }
      : undefined;
  }
  if (dueAt <= now) {
    return existing && existing.status === 'PENDING'
      ? { ...withoutDelivery(existing), status: 'SKIPPED', lastError: 'appointment moved inside the reminder lead' }
      : undefined;
  }
  return {
    notificationId: reminderIdOf(appointment.appointmentId),
    appointmentId: appointment.appointmentId,
    patient: appointment.patient,
    channel: existing?.channel ?? policy.channel,
    kind: 'REMINDER',
    body: TEXTS.REMINDER(whenOf(appointment, clinic), clinic, appointment),
    dueAt,
    status: 'PENDING',
    attempts: 0,
    version: existing?.version ?? 0,
  };
}

function withoutDelivery(notification: Notification): Notification {
  const { leaseUntil: _lease, sentAt: _sent, providerId: _provider, lastError: _error, ...rest } = notification;
  return rest;
}
