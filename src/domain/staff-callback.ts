import type { Channel } from './channel.js';
import type { PhoneNumber } from './phone-number.js';

/**
 * A patient the receptionist has promised a call back from staff: a medical question, a complaint,
 * anything the tools cannot do, or a patient who asked for a person. One open request per patient;
 * asking again updates it (the latest reason, one more time asked), so staff call each patient once.
 */
export interface StaffCallback {
  patient: PhoneNumber;
  /** The latest reason the receptionist gave, at most `MAX_REASON_LENGTH` characters. */
  reason: string;
  /** Where the patient last wrote from (calls count as SMS: texts reach a caller's number). */
  channel: Channel;
  firstRequestedAt: number;
  lastRequestedAt: number;
  times: number;
}

/**
 * One time the receptionist handed a patient to staff, counted in the clinic's charts: neither the
 * patient nor the reason, which only the open request needs.
 */
export interface Handoff {
  at: number;
  channel: Channel;
}

export const MAX_REASON_LENGTH = 300;

/** What staff read: a model's reason, trimmed and bounded, or a plain stand-in when it gave none. */
export function callbackReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.replace(/\s+/g, ' ').trim() : '';
  if (!text) return 'no reason given';
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

/** Staff call back the longest waiting first; the same instant goes by number, so every store lists in one order. */
export const byWaitingLongest = (a: StaffCallback, b: StaffCallback) =>
  a.firstRequestedAt - b.firstRequestedAt || (a.patient < b.patient ? -1 : a.patient > b.patient ? 1 : 0);
