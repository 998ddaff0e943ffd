import type { Appointment } from '../../domain/appointment.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';

type Value = string | number | null;

export interface SlotRow {
  slot_id: string;
  provider_id: string | null;
  start_ms: number;
  end_ms: number;
  status: Slot['status'];
  patient: string | null;
  hold_expires_ms: number | null;
  appointment_id: string | null;
  version: number;
}

export interface AppointmentRow {
  appointment_id: string;
  slot_id: string;
  provider_id: string | null;
  phone_number: string;
  start_ms: number;
  end_ms: number;
  status: Appointment['status'];
  created_ms: number;
  updated_ms: number;
  version: number;
}

/** SQL NULL means "not set": such fields are left out of the domain object, not set to undefined. */
function present<T extends object>(fields: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined)) as { [K in keyof T]?: NonNullable<T[K]> };
}

export const slotFromRow = (row: SlotRow): Slot => ({
  slotId: row.slot_id as SlotId,
  start: row.start_ms,
  end: row.end_ms,
  status: row.status,
  version: row.version,
  ...present({
    providerId: row.provider_id,
    patient: row.patient as PhoneNumber | null,
    holdExpiresAt: row.hold_expires_ms,
    appointmentId: row.appointment_id,
  }),
});

export const slotParams = (slot: Slot): Record<string, Value> => ({
  slot_id: slot.slotId,
  provider_id: slot.providerId ?? null,
  start_ms: slot.start,
  end_ms: slot.end,
  status: slot.status,
  patient: slot.patient ?? null,
  hold_expires_ms: slot.holdExpiresAt ?? null,
  appointment_id: slot.appointmentId ?? null,
  version: slot.version,
});

export const appointmentFromRow = (row: AppointmentRow): Appointment => ({
  appointmentId: row.appointment_id,
  slotId: row.slot_id as SlotId,
  phoneNumber: row.phone_number as PhoneNumber,
  start: row.start_ms,
  end: row.end_ms,
  status: row.status,
  createdAt: row.created_ms,
  updatedAt: row.updated_ms,
  version: row.version,
  ...present({ providerId: row.provider_id }),
});

export const appointmentParams = (appointment: Appointment): Record<string, Value> => ({
  appointment_id: appointment.appointmentId,
  slot_id: appointment.slotId,
  provider_id: appointment.providerId ?? null,
  phone_number: appointment.phoneNumber,
  start_ms: appointment.start,
  end_ms: appointment.end,
  status: appointment.status,
  created_ms: appointment.createdAt,
  updated_ms: appointment.updatedAt,
  version: appointment.version,
});
