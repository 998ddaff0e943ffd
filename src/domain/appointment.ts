import type { PhoneNumber } from './phone-number.js';
import type { SlotId } from './slot.js';

export type AppointmentStatus = 'BOOKED' | 'CANCELLED';

export interface Appointment {
  appointmentId: string;
  slotId: SlotId;
  providerId?: string;
  patient: PhoneNumber;
  /** Epoch milliseconds, copied from the slot so a patient's list needs no slot reads. */
  start: number;
  end: number;
  status: AppointmentStatus;
  createdAt: number;
  updatedAt: number;
  version: number;
}
