import { type Clinic, WEEKDAYS, type WeeklyHours } from './clinic.js';
import { type Slot, slotIdFor } from './slot.js';
import { addDays, fromLocal, toLocal } from './zoned-time.js';

const MINUTE = 60_000;

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function daySlots(clinic: Clinic, date: string, hours: WeeklyHours, providerId?: string): Slot[] {
  const weekday = WEEKDAYS[toLocal(fromLocal(date, '12:00', clinic.timeZone), clinic.timeZone).weekday]!;
  const slots: Slot[] = [];
  for (const period of hours[weekday] ?? []) {
    const close = minutesOf(period.close);
    for (let at = minutesOf(period.open); at + clinic.slotMinutes <= close; at += clinic.slotMinutes) {
      const time = timeOf(at);
      const start = fromLocal(date, time, clinic.timeZone);
      // A wall-clock time that does not exist that day (spring forward) is not offered.
      if (toLocal(start, clinic.timeZone).time !== time) continue;
      slots.push({
        slotId: slotIdFor(date, time, providerId),
        ...(providerId ? { providerId } : {}),
        start,
        end: start + clinic.slotMinutes * MINUTE,
        status: 'AVAILABLE',
        version: 0,
      });
    }
  }
  return slots;
}

/** The dates the booking horizon covers at `now`, today first, in the clinic's time zone. */
export function horizonDates(clinic: Clinic, now: number): string[] {
  const today = toLocal(now, clinic.timeZone).date;
  return Array.from({ length: clinic.horizonDays }, (_, day) => addDays(today, day));
}

/**
 * The free slots the clinic's hours make on `dates` (by default its whole booking horizon), those
 * still to come at `now`. Pure and deterministic: the same day always yields the same ids, so stores
 * can insert only the ones they lack and never touch a slot that is held or booked.
 */
export function generateSlots(
  clinic: Clinic,
  now: number,
  dates: readonly string[] = horizonDates(clinic, now),
): Slot[] {
  const slots: Slot[] = [];
  for (const date of dates) {
    if (clinic.providers.length === 0) {
      slots.push(...daySlots(clinic, date, clinic.weeklyHours));
    }
    for (const provider of clinic.providers) {
      slots.push(...daySlots(clinic, date, provider.weeklyHours ?? clinic.weeklyHours, provider.id));
    }
  }
  return slots.filter((slot) => slot.start > now);
}
