import type { Channel } from '../domain/channel.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { StaffCallback } from '../domain/staff-callback.js';

/** Patients waiting for staff to call them back, until staff mark them called. */
export interface StaffCallbacks {
  /** Opens the patient's request, or updates the open one: latest reason and channel, one more time asked. */
  request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void>;
  /** Every open request, the longest waiting first. */
  open(): Promise<StaffCallback[]>;
  /** Closes the patient's request; false when none was open. */
  resolve(patient: PhoneNumber): Promise<boolean>;
  close(): Promise<void>;
}
