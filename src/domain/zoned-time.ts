import { rememberedPerZone } from './remembered-per-zone.js';

/**
 * Wall-clock time in the clinic's IANA time zone, from the tz database the runtime ships (Intl),
 * so opening hours stay right across daylight-saving changes.
 */

export interface LocalDateTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM` */
  time: string;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The Gregorian calendar repeats every 400 years, which are exactly this many days. */
const GREGORIAN_CYCLE = 146_097 * DAY;

/** `Date.UTC` for every year: it takes years 0 to 99 for 1900 to 1999, so those are counted a cycle later and moved back. */
function utc(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year < 0 || year > 99) return Date.UTC(year, monthIndex, day, hour, minute, second);
  return Date.UTC(year + 400, monthIndex, day, hour, minute, second) - GREGORIAN_CYCLE;
}
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;

/**
 * formatToParts is the costly step of every conversion, and the same slot starts are converted
 * again and again (every listing, every reply): remembered per zone and instant, within a bound.
 */
const wallClocks = rememberedPerZone<number, WallClock>();

function wallClockParts(instant: number, timeZone: string): WallClock {
  return wallClocks(timeZone, instant, () => {
    const parts: Record<string, number> = {};
    for (const part of formatterFor(timeZone).formatToParts(instant)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    return parts as WallClock;
  });
}

const names = new Map<string, Intl.DateTimeFormat>();

/** `Monday`, `March`: English names in the clinic's zone, from formatters built once per zone. */
export function nameOf(instant: number, timeZone: string, part: 'weekday' | 'month', language = 'en-US'): string {
  const key = `${timeZone}|${part}|${language}`;
  let formatter = names.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, { [part]: 'long', timeZone });
    names.set(key, formatter);
  }
  return formatter.format(instant);
}

/**
 * The clock time in the zone as `locale` writes it: "1:00 PM" in en-US, "13:00" in en-GB. Intl's
 * narrow no-break space before "PM" becomes a plain one, which every phone shows.
 */
export function clockOf(instant: number, timeZone: string, locale: string): string {
  const key = `${timeZone}|clock|${locale}`;
  let formatter = names.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone });
    names.set(key, formatter);
  }
  return formatter
    .format(instant)
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/^0(\d)/, '$1');
}

/** Minutes to add to UTC to get the zone's wall clock at that instant. */
export function utcOffsetMinutes(instant: number, timeZone: string): number {
  const p = wallClockParts(instant, timeZone);
  const wallAsUtc = utc(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((wallAsUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function toLocal(instant: number, timeZone: string): LocalDateTime {
  const p = wallClockParts(instant, timeZone);
  return {
    date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
    weekday: new Date(utc(p.year, p.month - 1, p.day)).getUTCDay(),
  };
}

const instantsOfLocal = rememberedPerZone<string, number>();

/**
 * The instant a local date and time names in the zone. A time skipped by a spring-forward gap
 * moves forward by the gap; a time repeated in the autumn resolves to its first occurrence.
 * Every listing of a day asks for its midnights: remembered like the wall clocks.
 */
export function fromLocal(date: string, time: string, timeZone: string): number {
  return instantsOfLocal(timeZone, `${date} ${time}`, () => instantOfLocal(date, time, timeZone));
}

function instantOfLocal(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wallAsUtc = utc(y, m - 1, d, hh, mm);
  const before = wallAsUtc - utcOffsetMinutes(wallAsUtc - DAY, timeZone) * MINUTE;
  const after = wallAsUtc - utcOffsetMinutes(wallAsUtc + DAY, timeZone) * MINUTE;
  const names = (instant: number) => {
    const local = toLocal(instant, timeZone);
    return local.date === date && local.time === time;
  };
  const valid = [before, after].filter(names);
  return valid.length > 0 ? Math.min(...valid) : before;
}

// Every slot listing formats the same starts and ends again: remembered like the wall clocks.
const formatted = rememberedPerZone<number, string>();

/** ISO-8601 with the zone's offset at that instant, to the second, e.g. `2026-03-02T09:00:00-05:00`. */
export function formatInZone(instant: number, timeZone: string): string {
  return formatted(timeZone, instant, () => {
    const p = wallClockParts(instant, timeZone);
    const offset = utcOffsetMinutes(instant, timeZone);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  });
}

/** `YYYY-MM-DD` plus n calendar days, independent of any zone; the day after 9999-12-31 is 10000-01-01. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(utc(y, m - 1, d + days));
  return `${pad(day.getUTCFullYear(), 4)}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
}

export const CALENDAR_DATE_EXPECTED = 'a clinic-local day YYYY-MM-DD, from 0001-01-01 to 9999-12-31';

/**
 * A day of the calendar clinics book in. Not year 0000: the time-zone database gives its wall clock
 * as 1 BC, so no time of it could be read back.
 */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  return addDays(value, 0) === value;
}
