import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../domain/appointment.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import { EXPIRES_AT } from './dynamodb-tables.js';

export type Item = Record<string, NativeAttributeValue>;

const DAY_MS = 86_400_000;
/**
 * Housekeeping only: TTL deletes a slot (and its day's marker) a year after it ended. Deletion is
 * lazy and nothing reads this attribute, so correctness never depends on it.
 */
const KEPT_AFTER_END_MS = 365 * DAY_MS;
/** Housekeeping too: a notification no longer pending is deleted 30 days after it was sent or due. */
const KEPT_AFTER_DONE_MS = 30 * DAY_MS;

/** The value of the `pending` attribute, the partition of the pending-by-due index. */
export const PENDING = 'PENDING';

/** The partition, in the slots-by-day index, that holds one marker item per day having slots. */
export const DAYS_PARTITION = 'days';

export const startOfDay = (instant: number) => Math.floor(instant / DAY_MS) * DAY_MS;

/** The UTC date a slot starts on: its partition in the slots-by-day index. */
export const dayOf = (start: number) => new Date(startOfDay(start)).toISOString().slice(0, 10);

const expiresAt = (end: number) => Math.ceil((end + KEPT_AFTER_END_MS) / 1000);

/** Stored fields that are unset are absent, not null: leave them out of the domain object too. */
function present<T extends object>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

export const slotItem = (slot: Slot): Item => ({ ...slot, day: dayOf(slot.start), [EXPIRES_AT]: expiresAt(slot.end) });

/**
 * Marks a day as having slots, so that listing a range queries only those days. Its key cannot be
 * taken for a slot's (slot ids start with a digit) and it lives in its own index partition.
 */
export function dayMarkerItem(day: string): Item {
  const start = Date.parse(`${day}T00:00:00Z`);
  // Kept a day longer than the latest slot of its day: a slot may end after midnight.
  return { slotId: `day#${day}`, day: DAYS_PARTITION, start, [EXPIRES_AT]: expiresAt(start + 2 * DAY_MS) };
}

/**
 * A patient's taken slots live in the slots table, beside what they list, under a key no slot can have
 * (slot ids start with a digit): a commit that takes a slot writes both, and upgrading needs no new
 * table. With no `day` the item is in no index.
 */
export const patientSlotsKey = (patient: PhoneNumber) => `patient#${patient}`;

export const patientSlotsItem = (record: PatientSlots): Item => ({
  slotId: patientSlotsKey(record.patient),
  patient: record.patient,
  slotIds: record.slotIds,
  version: record.version,
});

export const patientSlotsFromItem = (item: Item): PatientSlots => ({
  patient: item.patient as PhoneNumber,
  slotIds: [...(item.slotIds as SlotId[])],
  version: item.version,
});

export const slotFromItem = (item: Item): Slot => ({
  slotId: item.slotId as SlotId,
  start: item.start,
  end: item.end,
  status: item.status,
  version: item.version,
  ...present({
    providerId: item.providerId as string | undefined,
    patient: item.patient as PhoneNumber | undefined,
    holdExpiresAt: item.holdExpiresAt as number | undefined,
    appointmentId: item.appointmentId as string | undefined,
  }),
});

/**
 * The patient is stored as `phoneNumber`, the attribute clinics' tables already hold and the
 * appointments-by-patient index is keyed on.
 */
export function appointmentItem(appointment: Appointment): Item {
  const { patient, ...rest } = appointment;
  return { ...rest, phoneNumber: patient };
}

export const appointmentFromItem = (item: Item): Appointment => ({
  appointmentId: item.appointmentId,
  slotId: item.slotId as SlotId,
  patient: item.phoneNumber as PhoneNumber,
  start: item.start,
  end: item.end,
  status: item.status,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
  ...present({ providerId: item.providerId as string | undefined }),
});

/**
 * A pending notification carries `pending`, which puts it in the sparse pending-by-due index; any
 * other carries `expiresAt` instead, for TTL. A Put replaces the whole item, so the write that moves
 * it out of PENDING takes it out of the index and sets its expiry in one step.
 */
export function notificationItem(notification: Notification): Item {
  if (notification.status === 'PENDING') return { ...notification, pending: PENDING };
  const done = Math.max(notification.dueAt, notification.sentAt ?? notification.dueAt);
  return { ...notification, [EXPIRES_AT]: Math.ceil((done + KEPT_AFTER_DONE_MS) / 1000) };
}

export const notificationFromItem = (item: Item): Notification => ({
  notificationId: item.notificationId,
  appointmentId: item.appointmentId,
  patient: item.patient as PhoneNumber,
  channel: item.channel,
  kind: item.kind,
  body: item.body,
  dueAt: item.dueAt,
  status: item.status,
  attempts: item.attempts,
  version: item.version,
  ...present({
    leaseUntil: item.leaseUntil as number | undefined,
    sentAt: item.sentAt as number | undefined,
    providerId: item.providerId as string | undefined,
    lastError: item.lastError as string | undefined,
    appointmentVersion: item.appointmentVersion as number | undefined,
  }),
});
