import { WEEKDAYS, type WeeklyHours } from '../../../domain/clinic.js';

/** Days in a row that keep the same hours: "Monday to Wednesday, 9:00 to 12:00". */
export interface OpeningDays {
  /** 0 = Sunday … 6 = Saturday. */
  first: number;
  last: number;
  periods: Array<{ open: string; close: string }>;
}

/** Told from Monday, the way a week of opening hours is read out, whichever day the locale's weeks start on. */
const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];

/** A clinic's week as runs of open days with the same hours, and the days it is closed. */
export function openingDays(hours: WeeklyHours): { open: OpeningDays[]; closed: number[] } {
  const open: OpeningDays[] = [];
  const closed: number[] = [];
  for (const day of MONDAY_FIRST) {
    const periods = hours[WEEKDAYS[day]!] ?? [];
    if (periods.length === 0) {
      closed.push(day);
      continue;
    }
    const run = open.at(-1);
    const follows = run && MONDAY_FIRST.indexOf(run.last) === MONDAY_FIRST.indexOf(day) - 1;
    if (run && follows && JSON.stringify(run.periods) === JSON.stringify(periods)) run.last = day;
    else open.push({ first: day, last: day, periods });
  }
  return { open, closed };
}
