import { classifyIntent, providerIn, withoutGreeting } from './intent-rules.js';
import {
  type ClinicNow,
  clinicNow,
  combineSegments,
  readSegment,
  rewriteTimeIdioms,
  type SegmentMoment,
} from './moment-reader.js';
import { normalizeUtterance } from './normalize-utterance.js';
import { ordinalChoiceIn } from './ordinal-choice.js';
import { hasMoment, type Moment, type Reading } from './reading.js';
import type { ReadingRules, SegmentRules } from './reading-rules.js';

/**
 * A message is cut at the words that tie a day to a role ("from", "to", "instead of": the
 * language pack's `segments.boundary`) and at punctuation, so each piece is read on its own: chrono
 * would otherwise read "10am to Friday" as one range, where a patient moving an appointment names
 * two different things.
 */
interface Segment {
  /** The word that led into it ("to", "from", "instead of"), or "" at the start. */
  lead: string;
  /** The word that follows it, which says as much: "Friday instead". */
  trail: string;
  text: string;
  moment: SegmentMoment;
}

function segmentsOf(text: string, at: ClinicNow, rules: SegmentRules): Segment[] {
  const parts = text.split(rules.boundary);
  const segments: Segment[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const segmentText = parts[i]!.trim();
    segments.push({
      lead: parts[i - 1] ?? '',
      trail: parts[i + 1] ?? '',
      text: segmentText,
      moment: segmentText ? readSegment(segmentText, at) : {},
    });
  }
  return segments;
}

const namesMoment = (s: Segment) => Object.keys(s.moment).length > 0;

type Role = 'source' | 'target' | 'unmarked';

/** "to" before a verb ("I need to move") is an infinitive (`verbAfterTarget`), not a destination. */
function roleOf(segment: Segment, rules: SegmentRules): Role {
  if (rules.sourceLeads.includes(segment.lead)) return 'source';
  if (rules.targetLeads.includes(segment.lead) && !rules.verbAfterTarget.test(segment.text)) return 'target';
  if (rules.targetTrails.includes(segment.trail) || rules.targetCue.test(segment.text)) return 'target';
  if (rules.sourceCue.test(segment.text)) return 'source';
  return 'unmarked';
}

/**
 * Which days and times name the appointment to move and which the new time. Unmarked ones take
 * the role left free; a lone unmarked one ("reschedule tomorrow") names the appointment.
 */
function splitReschedule(segments: Segment[], rules: SegmentRules): { from: Moment; to: Moment } {
  const named = segments.filter(namesMoment).map((segment) => ({ segment, role: roleOf(segment, rules) }));
  const hasSource = named.some(({ role }) => role === 'source');
  const resolved = named.map(({ segment, role }) => ({
    segment,
    role: role !== 'unmarked' ? role : hasSource ? 'target' : 'source',
  }));
  return {
    from: combineSegments(resolved.filter(({ role }) => role === 'source').map(({ segment }) => segment.moment)),
    to: combineSegments(resolved.filter(({ role }) => role === 'target').map(({ segment }) => segment.moment)),
  };
}

/** "push it back an hour", "30 minutes earlier": a move by an amount, in signed minutes. */
function shiftIn(text: string, rules: ReadingRules): { minutes: number; phrase: string } | undefined {
  const match = rules.shift?.pattern.exec(text);
  if (!rules.shift || !match) return undefined;
  const { counts, earlier, hours } = rules.shift;
  const [phrase, before, count1, unit1, count2, unit2, after] = match;
  const count = count1 ?? count2!;
  const amount = (counts.get(count) ?? Number(count)) * (hours.test(unit1 ?? unit2!) ? 60 : 1);
  const sign = earlier.test(before ?? after!) ? -1 : 1;
  return { minutes: sign * amount, phrase };
}

/**
 * How a patient's message reads, relative to `now` in the clinic's zone, in the words of one
 * language, its weeks as the clinic's locale counts them.
 */
export function parseUtterance(
  text: string,
  now: number,
  timeZone: string,
  rules: ReadingRules,
  locale: string,
): Reading {
  const said = normalizeUtterance(text, rules);
  const at = clinicNow(now, timeZone, locale);
  // "the 2nd one" chooses by place: it names no day of the month.
  const choice = ordinalChoiceIn(said, rules.choice);
  const withoutChoice = choice ? said.replace(choice.phrase, ' ').replace(/\s+/g, ' ').trim() : said;
  const rewritten = rewriteTimeIdioms(withoutGreeting(withoutChoice, rules));
  const shift = shiftIn(rewritten, rules);
  const segments = segmentsOf(shift ? rewritten.replace(shift.phrase, ' ') : rewritten, at, rules.segments);
  const everything = combineSegments(segments.map((s) => s.moment));
  const { intent, handOffReason } = classifyIntent(said, hasMoment(everything), rules);

  const reading: Reading = { intent };
  if (intent === 'reschedule' && shift) reading.shiftMinutes = shift.minutes;
  if (intent === 'reschedule') {
    const { from, to } = splitReschedule(segments, rules.segments);
    Object.assign(reading, to);
    if (hasMoment(from)) reading.from = from;
  } else {
    Object.assign(reading, everything);
  }
  if (choice) reading.ordinal = choice.ordinal;
  const provider = providerIn(said, rules);
  if (provider) reading.provider = provider;
  if (handOffReason) reading.handOffReason = handOffReason;
  return reading;
}
