import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../domain/appointment.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import type { StaffCallback } from '../../domain/staff-callback.js';
import { EXPIRES_AT, type TableNames } from './dynamodb-tables.js';

export type Item = Record<string, NativeAttributeValue>;

const DAY_MS = 86_400_000;
/**
 * Housekeeping only: TTL deletes a slot (and its day's marker) a year after it ended. Deletion is
 * lazy and nothing reads this attribute, so correctness never depends on it.
 */
const KEPT_AFTER_END_MS = 365 * DAY_MS;
/** Housekeeping too: a notification no longer pending is deleted 30 days after it was sent or due. */
const KEPT_AFTER_DONE_MS = 30 * DAY_MS;

/**
 * Every item names its clinic twice: in `clinicId`, the partition of the by-clinic indexes and what
 * tells the upgrade an item from before clinics (it has none), and at the head of each key and index
 * partition, `<clinic>#…`, so that every Get, Put and Query stays inside one clinic. A clinic id has
 * no `#`, so no clinic's key can be read as another's.
 */
export const CLINIC_ID = 'clinicId';

export const inClinic = (clinicId: ClinicId, key: string) => `${clinicId}#${key}`;

const outOfClinic = (clinicId: ClinicId, key: string) => key.slice(clinicId.length + 1);

/** The attributes, table by table, whose values start with the clinic: the table's key first, then index partitions. */
export const CLINIC_KEYED: Partial<Record<keyof TableNames, readonly string[]>> = {
  slots: ['slotId', 'day'],
  appointments: ['appointmentId', 'phoneNumber'],
  conversations: ['patient'],
  outbox: ['notificationId', 'pending'],
  staffCallbacks: ['patient'],
};

/** The value of the `pending` attribute, the clinic's partition of the pending-by-due index. */
export const pendingPartition = (clinicId: ClinicId) => inClinic(clinicId, 'PENDING');

/** The clinic's partition, in the slots-by-day index, that holds one marker item per day having slots. */
export const daysPartition = (clinicId: ClinicId) => inClinic(clinicId, 'days');

export const startOfDay = (instant: number) => Math.floor(instant / DAY_MS) * DAY_MS;

/** The UTC date a slot starts on. */
export const dayOf = (start: number) => new Date(startOfDay(start)).toISOString().slice(0, 10);

/** The clinic's partition of the slots-by-day index for that date. */
export const dayPartition = (clinicId: ClinicId, day: string) => inClinic(clinicId, day);

const expiresAt = (end: number) => Math.ceil((end + KEPT_AFTER_END_MS) / 1000);

/** Stored fields that are unset are absent, not null: leave them out of the domain object too. */
function present<T extends object>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

export const slotKey = (clinicId: ClinicId, slotId: SlotId) => inClinic(clinicId, slotId);

export const slotItem = (clinicId: ClinicId, slot: Slot): Item => ({
  ...slot,
  slotId: slotKey(clinicId, slot.slotId),
  [CLINIC_ID]: clinicId,
  day: dayPartition(clinicId, dayOf(slot.start)),
  [EXPIRES_AT]: expiresAt(slot.end),
});

/**
 * Marks a day as having slots, so that listing a range queries only those days. Its key cannot be
 * taken for a slot's (slot ids start with a digit) and it lives in its own index partition.
 */
export function dayMarkerItem(clinicId: ClinicId, day: string): Item {
  const start = Date.parse(`${day}T00:00:00Z`);
  return {
    slotId: inClinic(clinicId, `day#${day}`),
    [CLINIC_ID]: clinicId,
    day: daysPartition(clinicId),
    start,
    // Kept a day longer than the latest slot of its day: a slot may end after midnight.
    [EXPIRES_AT]: expiresAt(start + 2 * DAY_MS),
  };
}

/**
 * A patient's taken slots live in the slots table, beside what they list, under a key no slot can have
 * (slot ids start with a digit): a commit that takes a slot writes both, and upgrading needs no new
 * table. With no `day` the item is in no index.
 */
export const patientSlotsKey = (clinicId: ClinicId, patient: PhoneNumber) => inClinic(clinicId, `patient#${patient}`);

export const patientSlotsItem = (clinicId: ClinicId, record: PatientSlots): Item => ({
  slotId: patientSlotsKey(clinicId, record.patient),
  [CLINIC_ID]: clinicId,
  patient: record.patient,
  slotIds: record.slotIds,
  version: record.version,
});

export const patientSlotsFromItem = (item: Item): PatientSlots => ({
  patient: item.patient as PhoneNumber,
  slotIds: [...(item.slotIds as SlotId[])],
  version: item.version,
});

export const slotFromItem = (clinicId: ClinicId, item: Item): Slot => ({
  slotId: outOfClinic(clinicId, item.slotId) as SlotId,
  start: item.start,
  end: item.end,
  status: item.status,
  version: item.version,
  ...present({
    providerId: item.providerId as string | undefined,
    patient: item.patient as PhoneNumber | undefined,
    holdExpiresAt: item.holdExpiresAt as number | undefined,
    appointmentId: item.appointmentId as string | undefined,
    blockReason: item.blockReason as string | undefined,
  }),
});

export const appointmentKey = (clinicId: ClinicId, appointmentId: string) => inClinic(clinicId, appointmentId);

/**
 * A patient, who is a number within a clinic: the key of their conversation and of their request for
 * a call back, and their partition of the appointments-by-patient index.
 */
export const patientKey = (clinicId: ClinicId, patient: PhoneNumber) => inClinic(clinicId, patient);

/**
 * The patient is stored as `phoneNumber`, the attribute clinics' tables already hold and the
 * appointments-by-patient index is keyed on.
 */
export function appointmentItem(clinicId: ClinicId, appointment: Appointment): Item {
  const { patient, ...rest } = appointment;
  return {
    ...rest,
    appointmentId: appointmentKey(clinicId, appointment.appointmentId),
    [CLINIC_ID]: clinicId,
    phoneNumber: patientKey(clinicId, patient),
  };
}

export const appointmentFromItem = (clinicId: ClinicId, item: Item): Appointment => ({
  appointmentId: outOfClinic(clinicId, item.appointmentId),
  slotId: item.slotId as SlotId,
  patient: outOfClinic(clinicId, item.phoneNumber) as PhoneNumber,
  start: item.start,
  end: item.end,
  status: item.status,
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
  ...present({
    providerId: item.providerId as string | undefined,
    channel: item.channel as Appointment['channel'],
  }),
});

/**
 * A pending notification carries `pending`, which puts it in the sparse pending-by-due index; any
 * other carries `expiresAt` instead, for TTL. A Put replaces the whole item, so the write that moves
 * it out of PENDING takes it out of the index and sets its expiry in one step.
 */
export function notificationItem(clinicId: ClinicId, notification: Notification): Item {
  const keyed = {
    ...notification,
    notificationId: notificationKey(clinicId, notification.notificationId),
    [CLINIC_ID]: clinicId,
  };
  if (notification.status === 'PENDING') return { ...keyed, pending: pendingPartition(clinicId) };
  const done = Math.max(notification.dueAt, notification.sentAt ?? notification.dueAt);
  return { ...keyed, [EXPIRES_AT]: Math.ceil((done + KEPT_AFTER_DONE_MS) / 1000) };
}

export const notificationKey = (clinicId: ClinicId, notificationId: string) => inClinic(clinicId, notificationId);

export const notificationFromItem = (clinicId: ClinicId, item: Item): Notification => ({
  notificationId: outOfClinic(clinicId, item.notificationId),
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
    language: item.language as string | undefined,
  }),
});

/** A patient's STOP, in the conversations table beside their conversation. */
export const optOutKey = (clinicId: ClinicId, patient: PhoneNumber) => inClinic(clinicId, `opt-out#${patient}`);

/** A patient's profile, in the conversations table beside their conversation and opt-out. */
export const profileKey = (clinicId: ClinicId, patient: PhoneNumber) => inClinic(clinicId, `profile#${patient}`);

export const staffCallbackFromItem = (clinicId: ClinicId, item: Item): StaffCallback => ({
  patient: outOfClinic(clinicId, item.patient) as PhoneNumber,
  reason: item.reason,
  channel: item.channel,
  firstRequestedAt: item.firstRequestedAt,
  lastRequestedAt: item.lastRequestedAt,
  times: item.times,
});
