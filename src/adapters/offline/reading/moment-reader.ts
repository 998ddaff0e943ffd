import * as chrono from 'chrono-node';
import { addDays, toLocal, utcOffsetMinutes } from '../../../domain/zoned-time.js';
import type { DateRange, Moment, PartOfDay } from './reading.js';

/** "Now" as the clinic sees it: the reference every relative date is read against. */
export interface ClinicNow {
  now: number;
  timeZone: string;
  /** Clinic-local `YYYY-MM-DD`. */
  today: string;
  /** 0 = Sunday … 6 = Saturday, clinic-local. */
  weekday: number;
  /** The day weeks start on in the clinic's locale (0 = Sunday in en-US, 1 = Monday in en-GB): what "next week" spans. */
  weekStart: number;
}

export function clinicNow(now: number, timeZone: string, locale: string): ClinicNow {
  const local = toLocal(now, timeZone);
  return { now, timeZone, today: local.date, weekday: local.weekday, weekStart: weekStartOf(locale) };
}

/** Regions whose weeks start on Sunday, for a runtime whose Intl cannot tell; the rest start on Monday. */
const SUNDAY_FIRST = new Set([
  'US',
  'CA',
  'MX',
  'BR',
  'JP',
  'KR',
  'IL',
  'IN',
  'PH',
  'TW',
  'HK',
  'ZA',
  'CO',
  'PE',
  'PR',
  'DO',
]);

interface WeekInfo {
  /** 1 = Monday … 7 = Sunday. */
  firstDay: number;
}

/** The first day of the locale's week, 0 = Sunday: Intl.Locale's week info where the runtime has it, else the table. */
export function weekStartOf(locale: string): number {
  let start = weekStarts.get(locale);
  if (start === undefined) {
    start = readWeekStart(locale);
    weekStarts.set(locale, start);
  }
  return start;
}

const weekStarts = new Map<string, number>();

function readWeekStart(locale: string): number {
  try {
    const tagged = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };
    const info = tagged.getWeekInfo?.() ?? tagged.weekInfo;
    if (info) return info.firstDay % 7;
    const region = tagged.maximize().region ?? '';
    return SUNDAY_FIRST.has(region) ? 0 : 1;
  } catch {
    return 1;
  }
}

/** A clock time before am/pm is settled: "at 3" is 15:00 at a clinic, "at 3 in the morning" is not. */
interface ClockReading {
  hour: number;
  minute: number;
  meridiemKnown: boolean;
}

export interface SegmentMoment {
  date?: string;
  /** The two days "next Tuesday" may mean, when it may mean either: see nextWeekdayChoices. */
  dateChoices?: [string, string];
  dateRange?: DateRange;
  clock?: ClockReading;
  partOfDay?: PartOfDay;
}

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const NOT_A_CLOCK = String.raw`(?!\s*(?:am|pm|:|\.\d|\d|\/|-\d|days?|weeks?|months?|years?|mins?|minutes?|hours?|hrs?|st|nd|rd|th|people|kids|of|appointments?|slots?|times?|options?)\b)`;

/**
 * Rewrites what chrono does not read ("half past 10", "10ish", "around 2", "2p") into what it
 * does, before the message is cut into segments. Numbers count as clock times only after words
 * that announce one, so "in 3 days" and "the 2nd" stay what they are.
 */
export function rewriteTimeIdioms(text: string): string {
  return text
    .replace(/\b(the )?day after tomorrow\b/g, 'in 2 days')
    .replace(/\b(a|one) week from (today|now)\b/g, 'in 7 days')
    .replace(/\b(a|one) week from tomorrow\b/g, 'in 8 days')
    .replace(/\bhalf past (\d{1,2})\b/g, '$1:30')
    .replace(/\bquarter past (\d{1,2})\b/g, '$1:15')
    .replace(/\bquarter to (\d{1,2})\b/g, (_, hour: string) => `${Number(hour) === 1 ? 12 : Number(hour) - 1}:45`)
    .replace(/\b(\d{1,2}(?::\d{2})?)\s?([ap])\b/g, '$1$2m')
    .replace(/\b(\d{1,2})(\d{2})\s?([ap]m)\b/g, '$1:$2$3')
    .replace(/\b(at|@) (\d{1,2})(\d{2})\b/g, 'at $2:$3')
    .replace(/\b(\d{1,2}(?::\d{2})?)\s?-?ish\b/g, 'at $1')
    .replace(/\b((at|around) )?lunch ?time\b|\bat lunch\b/g, 'at noon')
    .replace(new RegExp(String.raw`^(\d{1,2}(?::\d{2})?)${NOT_A_CLOCK}`), 'at $1')
    .replace(
      new RegExp(
        String.raw`\b(around|about|by|after|before|between|from|till|until|say|maybe|approx|approximately|roughly|like|the|or|do|is|for|to|any|anything|something|and|works|if|with|take|have|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(\d{1,2}(?::\d{2})?)${NOT_A_CLOCK}`,
        'g',
      ),
      '$1 at $2',
    );
}

/** Afternoon and evening first: "early afternoon" is an afternoon. */
function partOfDayIn(text: string): PartOfDay | undefined {
  if (/\b(afternoons?|after lunch|pm)\b/.test(text)) return 'afternoon';
  if (/\b(evenings?|tonight|after work)\b/.test(text)) return 'evening';
  if (/\b(mornings?|first thing|early)\b/.test(text)) return 'morning';
  return undefined;
}

/**
 * A span of days the patient names: this week or next, as the clinic's locale counts weeks, or a
 * weekend. "This week" said on its last day means the days to come: today and the week after.
 */
function rangeIn(text: string, at: ClinicNow): { range: DateRange; phrase: RegExp } | undefined {
  const daysToSaturday = (6 - at.weekday + 7) % 7;
  const daysToWeekEnd = (at.weekStart + 6 - at.weekday + 7) % 7;
  const weekEnd = addDays(at.today, daysToWeekEnd);
  const ranges: Array<[RegExp, DateRange]> = [
    [/\bnext weekend\b/, { from: addDays(at.today, daysToSaturday + 7), to: addDays(at.today, daysToSaturday + 8) }],
    [
      /\b(this |the )?weekend\b/,
      at.weekday === 0
        ? { from: at.today, to: at.today }
        : { from: addDays(at.today, daysToSaturday), to: addDays(at.today, daysToSaturday + 1) },
    ],
    [/\bnext week\b/, { from: addDays(weekEnd, 1), to: addDays(weekEnd, 7) }],
    [
      /\b(this week|rest of the week|later this week|this coming week)\b/,
      { from: at.today, to: daysToWeekEnd === 0 ? addDays(weekEnd, 7) : weekEnd },
    ],
  ];
  for (const [phrase, range] of ranges) if (phrase.test(text)) return { range, phrase };
  return undefined;
}

/** "the 12th": chrono wants a month, the patient means the next 12th to come. */
function dayOfMonthIn(text: string, at: ClinicNow): string | undefined {
  const match = new RegExp(String.raw`\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:${MONTHS}))`).exec(
    text,
  );
  if (!match) return undefined;
  const day = Number(match[1]);
  const [year, month] = at.today.split('-').map(Number) as [number, number];
  for (let ahead = 0; ahead < 3; ahead++) {
    const candidate = new Date(Date.UTC(year, month - 1 + ahead, day));
    if (candidate.getUTCDate() !== day) continue;
    const date = candidate.toISOString().slice(0, 10);
    if (date >= at.today) return date;
  }
  return undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function dateOf(components: chrono.ParsedComponents, segment: string, at: ClinicNow): string | undefined {
  if (!components.isCertain('day') && !components.isCertain('weekday')) return undefined;
  let date = `${components.get('year')}-${pad(components.get('month')!)}-${pad(components.get('day')!)}`;
  // "Monday" said on a Monday means the next one: "today" is how patients name today.
  if (!components.isCertain('day') && date === at.today && !/\b(this|today)\b/.test(segment)) date = addDays(date, 7);
  return date >= at.today ? date : undefined;
}

const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * "Next Tuesday" said while a Tuesday is still to come this week (on a Sunday, in a week starting
 * Sunday) may mean that one, in 2 days, or the one after, in 9: people use it both ways, so it is
 * asked, not guessed. Said when the coming one is tomorrow ("tomorrow" would have been said) or
 * already in next week, it means the coming one to come after this week, as read elsewhere.
 */
function nextWeekdayChoices(text: string, at: ClinicNow): [string, string] | undefined {
  const match = new RegExp(String.raw`\bnext (${WEEKDAY_NAMES.join('|')})\b`).exec(text);
  if (!match) return undefined;
  const ahead = (WEEKDAY_NAMES.indexOf(match[1]!) - at.weekday + 7) % 7 || 7;
  const daysLeftInWeek = (at.weekStart + 6 - at.weekday + 7) % 7;
  if (ahead < 2 || ahead > daysLeftInWeek) return undefined;
  const coming = addDays(at.today, ahead);
  return [coming, addDays(coming, 7)];
}

/** The day, range, clock time and part of day one segment of a message names. */
export function readSegment(segment: string, at: ClinicNow): SegmentMoment {
  const moment: SegmentMoment = {};
  let rest = segment;
  const range = rangeIn(rest, at);
  if (range && !/\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/.test(rest)) {
    moment.dateRange = range.range;
    rest = rest.replace(range.phrase, ' ');
  }
  const partOfDay = partOfDayIn(rest);
  if (partOfDay) moment.partOfDay = partOfDay;
  if (/\b(this (morning|afternoon|evening)|tonight)\b/.test(rest)) moment.date = at.today;

  const reference = { instant: new Date(at.now), timezone: utcOffsetMinutes(at.now, at.timeZone) };
  let weekdayOnly = false;
  for (const result of chrono.casual.parse(rest, reference, { forwardDate: true })) {
    if (result.tags().has('casualReference/now')) continue;
    const date = dateOf(result.start, rest, at);
    // "Thursday 12 March" comes as two results: the one with a day of the month is the precise one.
    if (date && !moment.dateRange && (!moment.date || (weekdayOnly && result.start.isCertain('day')))) {
      moment.date = date;
      weekdayOnly = !result.start.isCertain('day');
    }
    if (result.start.isCertain('hour') && !moment.clock) {
      moment.clock = {
        hour: result.start.get('hour')!,
        minute: result.start.get('minute') ?? 0,
        meridiemKnown: result.start.isCertain('meridiem'),
      };
    }
  }
  // "Friday the 13th": the day of the month is the more precise of the two.
  const dayOfMonth = moment.dateRange ? undefined : dayOfMonthIn(rest, at);
  if (dayOfMonth && (!moment.date || weekdayOnly)) moment.date = dayOfMonth;
  const choices = weekdayOnly ? nextWeekdayChoices(rest, at) : undefined;
  if (choices) moment.dateChoices = choices;
  return moment;
}

/**
 * A clinic hour for a clock time the patient left without am/pm: 8 to 11 are mornings, 1 to 7
 * afternoons, unless they said which part of the day.
 */
function clinicTime(clock: ClockReading, partOfDay?: PartOfDay): string {
  let hour = clock.hour;
  if (!clock.meridiemKnown && hour < 12) {
    if (partOfDay === 'afternoon' || partOfDay === 'evening' || (partOfDay !== 'morning' && hour >= 1 && hour <= 7))
      hour += 12;
  }
  return `${pad(hour)}:${pad(clock.minute)}`;
}

/** Several segments into one moment: the first day and the first time named win. */
export function combineSegments(segments: SegmentMoment[]): Moment {
  const moment: Moment = {};
  const first = <K extends keyof SegmentMoment>(key: K) => segments.find((s) => s[key] !== undefined)?.[key];
  const date = first('date');
  const dateRange = first('dateRange');
  const clock = first('clock');
  const partOfDay = first('partOfDay');
  const dateChoices = segments.find((s) => s.date === date)?.dateChoices;
  if (date) moment.date = date;
  if (date && dateChoices) moment.dateChoices = dateChoices;
  else if (dateRange) moment.dateRange = dateRange;
  if (clock) moment.time = clinicTime(clock, partOfDay);
  else if (partOfDay) moment.partOfDay = partOfDay;
  return moment;
}
