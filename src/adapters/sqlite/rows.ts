import type { Appointment } from '../../domain/appointment.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import type { ListableSlot } from '../../ports/booking-store.js';

type Value = string | number | null;

/**
 * A slot's columns in the order a slot's statements select them. Slots are read as arrays of these
 * rather than as objects: every listing reads a day's slots, and node:sqlite builds an array of a
 * row's values in about two thirds of the time it takes to build an object keyed by column names.
 */
export const SLOT_COLUMNS =
  'slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, block_reason, version';

export type SlotColumns = [
  slotId: string,
  providerId: string | null,
  startMs: number,
  endMs: number,
  status: Slot['status'],
  patient: string | null,
  holdExpiresMs: number | null,
  appointmentId: string | null,
  blockReason: string | null,
  version: number,
];

export interface AppointmentRow {
  appointment_id: string;
  slot_id: string;
  provider_id: string | null;
  /** The patient, in the column clinics' files already hold. */
  phone_number: string;
  start_ms: number;
  end_ms: number;
  status: Appointment['status'];
  channel: Appointment['channel'] | null;
  created_ms: number;
  updated_ms: number;
  version: number;
}

export interface NotificationRow {
  notification_id: string;
  appointment_id: string;
  patient: string;
  channel: Notification['channel'];
  kind: Notification['kind'];
  body: string;
  language: string | null;
  due_ms: number;
  status: Notification['status'];
  attempts: number;
  lease_until_ms: number | null;
  sent_ms: number | null;
  provider_id: string | null;
  last_error: string | null;
  appointment_version: number | null;
  version: number;
}

/** SQL NULL means "not set": such fields are left out of the domain object, not set to undefined. */
function present<T extends object>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  // A plain loop: this runs for every row of every slot listing.
  const kept: Record<string, unknown> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== null && value !== undefined) kept[key] = value;
  }
  return kept as { [K in keyof T]?: NonNullable<T[K]> };
}

/** SQL NULL means "not set": such fields are left out of the slot, not set to undefined. */
export function slotFromColumns([
  slotId,
  providerId,
  start,
  end,
  status,
  patient,
  holdExpiresAt,
  appointmentId,
  blockReason,
  version,
]: SlotColumns): Slot {
  const slot: Slot = { slotId: slotId as SlotId, start, end, status, version };
  if (providerId !== null) slot.providerId = providerId;
  if (patient !== null) slot.patient = patient as PhoneNumber;
  if (holdExpiresAt !== null) slot.holdExpiresAt = holdExpiresAt;
  if (appointmentId !== null) slot.appointmentId = appointmentId;
  if (blockReason !== null) slot.blockReason = blockReason;
  return slot;
}

/** The columns a listing shows, as `LISTING_COLUMNS` selects them: not the patient, appointment or version. */
export const LISTING_COLUMNS = 'slot_id, provider_id, start_ms, end_ms, status, hold_expires_ms, block_reason';

export type ListingColumns = [
  slotId: string,
  providerId: string | null,
  startMs: number,
  endMs: number,
  status: Slot['status'],
  holdExpiresMs: number | null,
  blockReason: string | null,
];

/** Frozen: a listing may be answered again to every request until its slots change. */
export function listableFromColumns([
  slotId,
  providerId,
  start,
  end,
  status,
  holdExpiresAt,
  blockReason,
]: ListingColumns): ListableSlot {
  const slot: { -readonly [K in keyof ListableSlot]: ListableSlot[K] } = {
    slotId: slotId as SlotId,
    start,
    end,
    status,
  };
  if (providerId !== null) slot.providerId = providerId;
  if (holdExpiresAt !== null) slot.holdExpiresAt = holdExpiresAt;
  if (blockReason !== null) slot.blockReason = blockReason;
  return Object.freeze(slot);
}

export const slotParams = (slot: Slot): Record<string, Value> => ({
  slot_id: slot.slotId,
  provider_id: slot.providerId ?? null,
  start_ms: slot.start,
  end_ms: slot.end,
  status: slot.status,
  patient: slot.patient ?? null,
  hold_expires_ms: slot.holdExpiresAt ?? null,
  appointment_id: slot.appointmentId ?? null,
  block_reason: slot.blockReason ?? null,
  version: slot.version,
});

export const appointmentFromRow = (row: AppointmentRow): Appointment => ({
  appointmentId: row.appointment_id,
  slotId: row.slot_id as SlotId,
  patient: row.phone_number as PhoneNumber,
  start: row.start_ms,
  end: row.end_ms,
  status: row.status,
  createdAt: row.created_ms,
  updatedAt: row.updated_ms,
  version: row.version,
  ...present({ providerId: row.provider_id, channel: row.channel }),
});

export const appointmentParams = (appointment: Appointment): Record<string, Value> => ({
  appointment_id: appointment.appointmentId,
  slot_id: appointment.slotId,
  provider_id: appointment.providerId ?? null,
  phone_number: appointment.patient,
  start_ms: appointment.start,
  end_ms: appointment.end,
  status: appointment.status,
  channel: appointment.channel ?? null,
  created_ms: appointment.createdAt,
  updated_ms: appointment.updatedAt,
  version: appointment.version,
});

export const notificationFromRow = (row: NotificationRow): Notification => ({
  notificationId: row.notification_id,
  appointmentId: row.appointment_id,
  patient: row.patient as PhoneNumber,
  channel: row.channel,
  kind: row.kind,
  body: row.body,
  dueAt: row.due_ms,
  status: row.status,
  attempts: row.attempts,
  version: row.version,
  ...present({
    leaseUntil: row.lease_until_ms,
    sentAt: row.sent_ms,
    providerId: row.provider_id,
    lastError: row.last_error,
    appointmentVersion: row.appointment_version,
    language: row.language,
  }),
});

export const notificationParams = (notification: Notification): Record<string, Value> => ({
  notification_id: notification.notificationId,
  appointment_id: notification.appointmentId,
  patient: notification.patient,
  channel: notification.channel,
  kind: notification.kind,
  body: notification.body,
  due_ms: notification.dueAt,
  status: notification.status,
  attempts: notification.attempts,
  lease_until_ms: notification.leaseUntil ?? null,
  sent_ms: notification.sentAt ?? null,
  provider_id: notification.providerId ?? null,
  last_error: notification.lastError ?? null,
  appointment_version: notification.appointmentVersion ?? null,
  language: notification.language ?? null,
  version: notification.version,
});

export interface PatientSlotsRow {
  patient: string;
  /** A JSON array of slot ids. */
  slot_ids: string;
  version: number;
}

export const patientSlotsFromRow = (row: PatientSlotsRow): PatientSlots => ({
  patient: row.patient as PhoneNumber,
  slotIds: JSON.parse(row.slot_ids) as SlotId[],
  version: row.version,
});

export const patientSlotsParams = (record: PatientSlots): Record<string, Value> => ({
  patient: record.patient,
  slot_ids: JSON.stringify(record.slotIds),
  version: record.version,
});
