import type { Clinic } from './clinic.js';
import { generateSlots } from './generate-slots.js';
import { type Slot, statusAt } from './slot.js';
import { toLocal } from './zoned-time.js';

/** The furthest a clinic's horizon reaches (365 days, today included): every slot a schedule ever stored is before it. */
export const LONGEST_HORIZON_MS = 366 * 86_400_000;

/** What a clinic's schedule no longer has, of the slots stored for it from now on. */
export interface OffSchedule {
  /**
   * Free or blocked: they go, so nobody books an hour the clinic has closed or a doctor who has left,
   * and a block of an hour the clinic no longer opens has nothing left to keep.
   */
  retire: Slot[];
  /** Held or booked: a patient has them, so they stay, for staff to move. */
  toMove: Slot[];
}

/**
 * Sets the stored slots still to come against what the clinic's hours, providers, slot length and
 * horizon make now. A slot the schedule still makes is kept whatever its state; of the others, a
 * free one (an expired hold is free) is retired, and one a patient holds or has booked is kept and
 * listed, as only staff can agree a new time with the patient. A blocked slot is set against its own
 * day's hours, however far ahead: staff block holidays beyond the horizon, and those stay blocked.
 */
export function offSchedule(clinic: Clinic, now: number, stored: readonly Slot[]): OffSchedule {
  const scheduled = new Set(generateSlots(clinic, now).map((slot) => slot.slotId));
  const blockedDays = new Set(
    stored
      .filter((slot) => slot.status === 'BLOCKED' && !scheduled.has(slot.slotId))
      .map((slot) => toLocal(slot.start, clinic.timeZone).date),
  );
  for (const slot of generateSlots(clinic, now, [...blockedDays])) scheduled.add(slot.slotId);
  const retire: Slot[] = [];
  const toMove: Slot[] = [];
  for (const slot of stored) {
    if (slot.start <= now || scheduled.has(slot.slotId)) continue;
    (['AVAILABLE', 'BLOCKED'].includes(statusAt(slot, now)) ? retire : toMove).push(slot);
  }
  return { retire, toMove };
}
