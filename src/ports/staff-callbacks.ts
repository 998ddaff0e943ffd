import type { Channel } from '../domain/channel.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Handoff, StaffCallback } from '../domain/staff-callback.js';

/**
 * How long each hand-off is kept for the charts, at least: a year and a month, so a manager can set
 * a week against the same week a year before. Older ones may be gone.
 */
export const HANDOFFS_KEPT_DAYS = 400;

/**
 * Patients waiting for staff to call them back, until staff mark them called; and every hand-off
 * that put a patient there, kept for the clinic's charts after the request is resolved.
 */
export interface StaffCallbacks {
  /**
   * Opens the patient's request, or updates the open one: latest reason and channel, one more time
   * asked. Either way one more hand-off, at `now` on `channel`, is kept for HANDOFFS_KEPT_DAYS.
   */
  request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void>;
  /** Every open request, the longest waiting first. */
  open(): Promise<StaffCallback[]>;
  /** Closes the patient's request; false when none was open. Its hand-offs stay counted. */
  resolve(patient: PhoneNumber): Promise<boolean>;
  /** The hand-offs made from `from` (included) to `to` (excluded), oldest first, resolved or not. */
  handoffsBetween(from: number, to: number): Promise<Handoff[]>;
  close(): Promise<void>;
}
