import { CHOICE_WORDS, classifyIntent, providerIn, withoutGreeting } from './intent-rules.js';
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

/**
 * A message is cut at the words that tie a day to a role ("from", "to", "instead of") and at
 * punctuation, so each piece is read on its own: chrono would otherwise read "10am to Friday" as
 * one range, where a patient moving an appointment names two different things.
 */
const BOUNDARY =
  /\s*(,|\?|!|;|\s\.\s|\b(?:instead of|rather than|instead|from|to|for|until|till|and|but|or|then)\b)\s*/;

interface Segment {
  /** The word that led into it ("to", "from", "instead of"), or "" at the start. */
  lead: string;
  /** The word that follows it, which says as much: "Friday instead". */
  trail: string;
  text: string;
  moment: SegmentMoment;
}

function segmentsOf(text: string, at: ClinicNow): Segment[] {
  const parts = text.split(BOUNDARY);
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

/** "to" before a verb ("I need to move") is an infinitive, not a destination. */
const VERB_AFTER_TO =
  /^(reschedule|move|change|book|cancel|come|see|make|do|get|switch|push|talk|speak|go|be|have|ask|know|bring|shift)\b/;
const SOURCE_CUE = /\b(my|can'?t|cannot|won'?t|unable|not able|currently|booked|existing|current|original|old)\b|'s\b/;
const TARGET_CUE =
  /\b(instead|how about|what about|can we do|could we do|can i do|can i come|could i come|would rather|prefer)\b/;

type Role = 'source' | 'target' | 'unmarked';

function roleOf(segment: Segment): Role {
  if (['from', 'instead of', 'rather than'].includes(segment.lead)) return 'source';
  if (['to', 'for', 'until', 'till'].includes(segment.lead) && !VERB_AFTER_TO.test(segment.text)) return 'target';
  if (['instead', 'instead of', 'rather than'].includes(segment.trail) || TARGET_CUE.test(segment.text))
    return 'target';
  if (SOURCE_CUE.test(segment.text)) return 'source';
  return 'unmarked';
}

/**
 * Which days and times name the appointment to move and which the new time. Unmarked ones take
 * the role left free; a lone unmarked one ("reschedule tomorrow") names the appointment.
 */
function splitReschedule(segments: Segment[]): { from: Moment; to: Moment } {
  const named = segments.filter(namesMoment).map((segment) => ({ segment, role: roleOf(segment) }));
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

const AMOUNT = String.raw`(an?|one|two|three|half an?|\d+)\s+(hours?|hrs?|minutes?|mins?)`;
const SHIFT = new RegExp(
  String.raw`\b(?:(back|later|forward|earlier|up)\s+(?:by\s+)?${AMOUNT}|${AMOUNT}\s+(later|earlier|back|forward|sooner))\b`,
);
const COUNTS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, 'half a': 0.5, 'half an': 0.5 };

/** "push it back an hour", "30 minutes earlier": a move by an amount, in signed minutes. */
function shiftIn(text: string): { minutes: number; phrase: string } | undefined {
  const match = SHIFT.exec(text);
  if (!match) return undefined;
  const [phrase, before, count1, unit1, count2, unit2, after] = match;
  const count = count1 ?? count2!;
  const amount = (COUNTS[count] ?? Number(count)) * (/^h/.test(unit1 ?? unit2!) ? 60 : 1);
  const sign = /^(forward|earlier|up|sooner)$/.test(before ?? after!) ? -1 : 1;
  return { minutes: sign * amount, phrase };
}

/** How a patient's message reads, relative to `now` in the clinic's zone, its weeks as the clinic's locale counts them. */
export function parseUtterance(text: string, now: number, timeZone: string, locale: string): Reading {
  const said = normalizeUtterance(text);
  const at = clinicNow(now, timeZone, locale);
  // "the 2nd one" chooses by place: it names no day of the month.
  const choice = ordinalChoiceIn(said, CHOICE_WORDS);
  const withoutChoice = choice ? said.replace(choice.phrase, ' ').replace(/\s+/g, ' ').trim() : said;
  const rewritten = rewriteTimeIdioms(withoutGreeting(withoutChoice));
  const shift = shiftIn(rewritten);
  const segments = segmentsOf(shift ? rewritten.replace(shift.phrase, ' ') : rewritten, at);
  const everything = combineSegments(segments.map((s) => s.moment));
  const { intent, handOffReason } = classifyIntent(said, hasMoment(everything));

  const reading: Reading = { intent };
  if (intent === 'reschedule' && shift) reading.shiftMinutes = shift.minutes;
  if (intent === 'reschedule') {
    const { from, to } = splitReschedule(segments);
    Object.assign(reading, to);
    if (hasMoment(from)) reading.from = from;
  } else {
    Object.assign(reading, everything);
  }
  if (choice) reading.ordinal = choice.ordinal;
  const provider = providerIn(said);
  if (provider) reading.provider = provider;
  if (handOffReason) reading.handOffReason = handOffReason;
  return reading;
}
