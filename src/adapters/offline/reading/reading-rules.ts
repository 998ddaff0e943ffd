import type { ChoiceWords } from './ordinal-choice.js';

/**
 * What the reading rules need of a language, compiled from a language pack's reading.json
 * (language-pack.ts): the patterns and words; the rules themselves are the same in every language.
 */

/** The keyword patterns the intent rules (reading/intent-rules.ts) look for, by the role each plays there. */
export const INTENT_PATTERNS = [
  'greeting',
  'filler',
  'emergency',
  'person',
  'billing',
  'complaint',
  'generalQuestion',
  'hoursQuestion',
  'locationQuestion',
  'medical',
  'cancel',
  'reschedule',
  'myAppointment',
  'instead',
  'mine',
  'bookVerb',
  'availability',
  'visit',
  'wish',
  'negative',
  'yes',
  'yesFiller',
  'acknowledgement',
  'soonest',
  'no',
  'thanks',
  'help',
  'dropThat',
  'cancelThenBook',
] as const;
export type IntentPattern = (typeof INTENT_PATTERNS)[number];

/** Number words in a clock time's position ("at ten thirty"), turned into digits before reading. */
export interface SpokenTimeRules {
  pattern: RegExp;
  hours: readonly string[];
  minutes: ReadonlyMap<string, string>;
  oclock: string;
}

/** The words that tie a day to a role in a move: "from Tuesday to Friday", "Friday instead". */
export interface SegmentRules {
  boundary: RegExp;
  sourceLeads: readonly string[];
  targetLeads: readonly string[];
  targetTrails: readonly string[];
  verbAfterTarget: RegExp;
  sourceCue: RegExp;
  targetCue: RegExp;
}

/** A move by an amount ("an hour later"): the pattern's groups are (direction, count, unit) before or after. */
export interface ShiftRules {
  pattern: RegExp;
  counts: ReadonlyMap<string, number>;
  earlier: RegExp;
  hours: RegExp;
}

export interface ReadingRules {
  /**
   * Rewrites of whole phrases, in order, before words are looked up: where a language's way of
   * naming a day or time ("pasado mañana", "a las tres") becomes the date words the date reader
   * knows (English: "in 2 days", "at 3").
   */
  phrases: ReadonlyArray<readonly [RegExp, string]>;
  /** Word for word: shorthand, misspellings, and the language's weekdays, months and parts of day as date words. */
  words: ReadonlyMap<string, string>;
  /** Words worth correcting when misspelt. */
  vocabulary: readonly string[];
  spokenTime?: SpokenTimeRules;
  intents: Readonly<Record<IntentPattern, RegExp>>;
  segments: SegmentRules;
  shift?: ShiftRules;
  /** The words of a choice by place among the times or appointments listed ("the 2nd one"). */
  choice: ChoiceWords;
  provider: { pattern: RegExp; notAName: RegExp };
}
