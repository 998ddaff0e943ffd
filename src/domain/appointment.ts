import type { BookingChannel } from './booking-channel.js';
import type { PhoneNumber } from './phone-number.js';
import type { SlotId } from './slot.js';

export type AppointmentStatus = 'BOOKED' | 'CANCELLED';

/**
 * Appointment ids are generated (`apt_` and 16 characters); a longer one names no appointment, and is
 * refused before any lookup: a store's key has a size limit of its own (DynamoDB's, 2 KB).
 */
export const APPOINTMENT_ID_MAX_LENGTH = 64;

export interface Appointment {
  appointmentId: string;
  slotId: SlotId;
  providerId?: string;
  patient: PhoneNumber;
  /** Epoch milliseconds, copied from the slot so a patient's list needs no slot reads. */
  start: number;
  end: number;
  status: AppointmentStatus;
  /** Where it was booked; kept when it is moved. Absent on appointments booked before it was recorded. */
  channel?: BookingChannel;
  createdAt: number;
  updatedAt: number;
  version: number;
}
