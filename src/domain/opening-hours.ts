import { type Clinic, WEEKDAYS } from './clinic.js';
import { toLocal } from './zoned-time.js';

/** Whether the clinic itself is open at `instant`: within one of that day's opening periods, close exclusive. */
export function isOpenAt(clinic: Clinic, instant: number): boolean {
  const { weekday, time } = toLocal(instant, clinic.timeZone);
  return (clinic.weeklyHours[WEEKDAYS[weekday]!] ?? []).some((period) => period.open <= time && time < period.close);
}
