import type { Appointment } from './appointment.js';
import type { Channel } from './channel.js';
import type { Clinic, WhatsappTemplateKind } from './clinic.js';
import { fill, type LanguagePack, localeOf } from './language-pack.js';
import type { Notification, NotificationKind } from './notification.js';
import { firstNameOf } from './patient-name.js';
import { clockOf, nameOf, toLocal } from './zoned-time.js';

/** When and how a clinic's patients are told of their bookings. */
export interface NotificationPolicy {
  channel: Channel;
  /** How long before the visit the reminder goes out. */
  reminderLeadMs: number;
}

/** Who a text is written to: in their language, and by their first name when it is known. */
export interface Addressee {
  pack: LanguagePack;
  name?: string;
}

/** The day and time of the visit, and with whom, as the patient's language writes it at the clinic. */
function whenOf(appointment: Appointment, clinic: Clinic, pack: LanguagePack): string {
  const local = toLocal(appointment.start, clinic.timeZone);
  const when = fill(pack.notifications.when, {
    weekday: nameOf(appointment.start, clinic.timeZone, 'weekday', pack.code),
    day: String(Number(local.date.slice(8))),
    month: nameOf(appointment.start, clinic.timeZone, 'month', pack.code),
    // As the clinic's locale writes a time in this language: "1:00 PM" in en-US.
    time: clockOf(appointment.start, clinic.timeZone, localeOf(pack.code, clinic.locale)),
  });
  const provider = clinic.providers.find((p) => p.id === appointment.providerId);
  return provider ? fill(pack.notifications.withProvider, { when, provider: provider.name }) : when;
}

/** The template a clinic names in `whatsappTemplates` for each kind of text. */
export const WHATSAPP_KINDS: Record<NotificationKind, WhatsappTemplateKind> = {
  BOOKED: 'booked',
  MOVED: 'moved',
  CANCELLED: 'cancelled',
  REMINDER: 'reminder',
};

/**
 * The variables of every WhatsApp template a clinic names, whatever its kind: {{1}} the clinic's name,
 * {{2}} the day and time of the visit (and with whom) in the template's language, {{3}} the
 * appointment's reference. A template need not use them all.
 */
export function templateVariablesOf(
  appointment: Appointment,
  clinic: Clinic,
  pack: LanguagePack,
): Record<string, string> {
  return { '1': clinic.name, '2': whenOf(appointment, clinic, pack), '3': appointment.appointmentId };
}

type Template = keyof LanguagePack['notifications'];

/** Each kind's template, and its variant by name where a name reads naturally. */
const TEMPLATES: Record<NotificationKind, { plain: Template; named?: Template }> = {
  BOOKED: { plain: 'booked', named: 'bookedNamed' },
  MOVED: { plain: 'moved' },
  CANCELLED: { plain: 'cancelled' },
  REMINDER: { plain: 'reminder', named: 'reminderNamed' },
};

function textOf(kind: NotificationKind, appointment: Appointment, clinic: Clinic, { pack, name }: Addressee): string {
  const { plain, named } = TEMPLATES[kind];
  return fill(pack.notifications[name && named ? named : plain], {
    clinic: clinic.name,
    when: whenOf(appointment, clinic, pack),
    ref: appointment.appointmentId,
    ...(name ? { name: firstNameOf(name) } : {}),
  });
}

/**
 * The text owed to a patient for a change to their appointment, due at once, in the addressee's
 * language. `toldInReply`: the change was made in the patient's own texts on this channel, whose reply
 * already says it, so the text is stored as skipped rather than sent as a second message saying the same.
 */
export function notificationOf(
  kind: Exclude<NotificationKind, 'REMINDER'>,
  appointment: Appointment,
  clinic: Clinic,
  policy: NotificationPolicy,
  now: number,
  notificationId: string,
  to: Addressee,
  toldInReply = false,
): Notification {
  return {
    notificationId,
    appointmentId: appointment.appointmentId,
    patient: appointment.patient,
    channel: policy.channel,
    kind,
    body: textOf(kind, appointment, clinic, to),
    language: to.pack.code,
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
 * when the lead time has already passed: the booking's own confirmation is then the reminder. Written
 * in the patient's language, and by their name, as they are at the change, which is what they read when it goes out.
 */
export function reminderFor(
  appointment: Appointment,
  clinic: Clinic,
  policy: NotificationPolicy,
  now: number,
  to: Addressee,
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
    body: textOf('REMINDER', appointment, clinic, to),
    language: to.pack.code,
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
