import type { Clinic } from '../domain/clinic.js';
import { generateSlots } from '../domain/generate-slots.js';
import type { Slot, SlotId } from '../domain/slot.js';
import { addDays, fromLocal, toLocal } from '../domain/zoned-time.js';
import type { BookingStore } from '../ports/booking-store.js';

/**
 * What staff block or unblock: one slot, whole clinic-local days (`to` included), or the slots
 * starting in a span of instants [from, to); days and spans for one provider or for all.
 */
export type TimeSelection =
  | { slotId: SlotId }
  | { days: { from: string; to: string }; providerId?: string }
  | { from: number; to: number; providerId?: string };

/** About a quarter: a summer closure fits, a typo of a year does not. */
export const MAX_SELECTED_DAYS = 92;

/** The part of a selection on one clinic-local day: each day is changed on its own. */
export interface SelectedDay {
  date: string;
  from: number;
  to: number;
  providerId?: string;
  slotId?: SlotId;
}

const midnightOf = (date: string, timeZone: string) => fromLocal(date, '00:00', timeZone);

function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** The selection day by day, earliest first. */
export function selectedDays(selection: TimeSelection, timeZone: string): SelectedDay[] {
  const whole = (date: string) => ({
    date,
    from: midnightOf(date, timeZone),
    to: midnightOf(addDays(date, 1), timeZone),
  });
  if ('slotId' in selection) return [{ ...whole(selection.slotId.slice(0, 10)), slotId: selection.slotId }];
  const provider = selection.providerId === undefined ? {} : { providerId: selection.providerId };
  if ('days' in selection)
    return datesFrom(selection.days.from, selection.days.to).map((date) => ({ ...whole(date), ...provider }));
  const { from, to } = selection;
  return datesFrom(toLocal(from, timeZone).date, toLocal(to - 1, timeZone).date).map((date) => {
    const day = whole(date);
    return { date, from: Math.max(from, day.from), to: Math.min(to, day.to), ...provider };
  });
}

/** The slots stored for the day's part, earliest first. */
export async function storedOn(store: BookingStore, day: SelectedDay): Promise<Slot[]> {
  const slots = await store.slotsBetween(day.from, day.to, day.providerId);
  return day.slotId === undefined ? slots : slots.filter((slot) => slot.slotId === day.slotId);
}

/** The slots the clinic's schedule makes in the day's part, stored or not, those still to come. */
export function scheduledOn(clinic: Clinic, now: number, day: SelectedDay): Slot[] {
  return generateSlots(clinic, now, [day.date]).filter(
    (slot) =>
      slot.start >= day.from &&
      slot.start < day.to &&
      (day.providerId === undefined || slot.providerId === day.providerId) &&
      (day.slotId === undefined || slot.slotId === day.slotId),
  );
}
