import type { PhoneNumber } from './phone-number.js';

/** Readable and stable: `2026-03-02T0900` (clinic-local start), `2026-03-02T0900-dr-lee` with a provider. */
export type SlotId = string & { readonly __brand: 'SlotId' };

export const SLOT_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{4}(-[a-z0-9][a-z0-9-]*)?$/;
export const SLOT_ID_EXPECTED = 'a slot id such as 2026-03-02T0900 (as listed by GET /slots)';
/** Room for a provider id of 40 characters and then some; a longer id is refused before any lookup. */
export const SLOT_ID_MAX_LENGTH = 64;

export function slotIdFor(localDate: string, localTime: string, providerId?: string): SlotId {
  const id = `${localDate}T${localTime.replace(':', '')}`;
  return (providerId ? `${id}-${providerId}` : id) as SlotId;
}

/** BLOCKED: the clinic has taken the time out (a holiday, a doctor's afternoon off); no channel offers or takes it. */
export type SlotStatus = 'AVAILABLE' | 'HELD' | 'BOOKED' | 'BLOCKED';

/**
 * One bookable period. A hold lives on its slot (patient + expiry) so that taking a slot is a
 * change to one record; `version` lets stores commit only over what was read.
 */
export interface Slot {
  slotId: SlotId;
  providerId?: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  status: SlotStatus;
  /** The holder while HELD, the patient while BOOKED. */
  patient?: PhoneNumber;
  holdExpiresAt?: number;
  appointmentId?: string;
  /** Why staff blocked it, for staff to read; only while BLOCKED. */
  blockReason?: string;
  version: number;
}

/** An expired hold frees its slot by rule, at read time: no sweeper is needed for correctness. */
export function statusAt(slot: Pick<Slot, 'status' | 'holdExpiresAt'>, now: number): SlotStatus {
  if (slot.status === 'HELD' && (slot.holdExpiresAt ?? 0) <= now) return 'AVAILABLE';
  return slot.status;
}

export function freed(slot: Slot): Slot {
  return {
    slotId: slot.slotId,
    ...(slot.providerId ? { providerId: slot.providerId } : {}),
    start: slot.start,
    end: slot.end,
    status: 'AVAILABLE',
    version: slot.version,
  };
}
