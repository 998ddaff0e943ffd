import type { ClinicFacts } from '../../ports/language-model.js';
import { type Medium, type Replies, type Wording, wordingFrom } from './dialogue/reply-wording.js';
import type { NameRules } from './name-rules.js';
import {
  INTENT_PATTERNS,
  type IntentPattern,
  type ReadingRules,
  type ShiftRules,
  type SpokenTimeRules,
} from './reading/reading-rules.js';

/**
 * One language of the offline receptionist: how patients put things in it (reading.json) and how
 * the receptionist answers in it (replies.json), from `config/languages/<code>/`. Everything the
 * rules need of a language is data here, so a language is added as a folder, not as code.
 */

export interface ReceptionistLanguage {
  /** BCP-47 primary language code: the folder's name. */
  code: string;
  /** Common words of the language, which tell a message written in it (domain/language-detection.ts). */
  markers: readonly string[];
  reading: ReadingRules;
  /** The receptionist's sentences at a clinic, in its locale, read or heard. */
  wording: (clinic: ClinicFacts, medium: Medium) => Wording;
  /** How patients give their name in it, when the language says (names.json). */
  names?: NameRules;
}

/** A language folder whose files do not say what the offline receptionist needs. */
export class ReceptionistLanguageError extends Error {}

type Json = Record<string, unknown>;

/** Reads one field of a pack's JSON, failing with the file, the field and what was expected. */
class FieldReader {
  constructor(
    private readonly file: string,
    private readonly json: Json,
    private readonly path = '',
  ) {}

  private fail(key: string, expected: string): never {
    throw new ReceptionistLanguageError(`${this.file}: ${this.path}${key} must be ${expected}`);
  }

  has(key: string): boolean {
    return this.json[key] !== undefined;
  }

  object(key: string): FieldReader {
    const value = this.json[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(key, 'an object');
    return new FieldReader(this.file, value as Json, `${this.path}${key}.`);
  }

  string(key: string): string {
    const value = this.json[key];
    if (typeof value !== 'string') this.fail(key, 'a string');
    return value;
  }

  strings(key: string): string[] {
    const value = this.json[key];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
      this.fail(key, 'an array of strings');
    return value as string[];
  }

  pattern(key: string, flags = ''): RegExp {
    const source = this.string(key);
    try {
      return new RegExp(source, flags);
    } catch (error) {
      return this.fail(key, `a valid regular expression (${(error as Error).message})`);
    }
  }

  map(key: string): Map<string, string> {
    const entries = Object.entries(this.object(key).json);
    if (!entries.every(([, value]) => typeof value === 'string')) this.fail(key, 'an object of strings');
    return new Map(entries as Array<[string, string]>);
  }

  numbers(key: string): Map<string, number> {
    const entries = Object.entries(this.object(key).json);
    if (!entries.every(([, value]) => typeof value === 'number')) this.fail(key, 'an object of numbers');
    return new Map(entries as Array<[string, number]>);
  }

  /** `[[pattern, replacement], …]`. */
  rewrites(key: string): Array<[RegExp, string]> {
    const value = this.json[key];
    const isPair = (item: unknown) =>
      Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string';
    if (!Array.isArray(value) || !value.every(isPair)) this.fail(key, 'an array of [pattern, replacement] pairs');
    return (value as Array<[string, string]>).map(([source, replacement], index) => {
      try {
        return [new RegExp(source, 'g'), replacement];
      } catch (error) {
        return this.fail(`${key}[${index}]`, `a valid regular expression (${(error as Error).message})`);
      }
    });
  }

  get fields(): Json {
    return this.json;
  }

  get fileName(): string {
    return this.file;
  }
}

function readingRulesOf(json: FieldReader): ReadingRules {
  const intentsJson = json.object('intents');
  const intents = Object.fromEntries(
    INTENT_PATTERNS.map((name) => [name, intentsJson.pattern(name, name === 'yes' || name === 'yesFiller' ? 'g' : '')]),
  ) as Record<IntentPattern, RegExp>;
  const segments = json.object('segments');
  const choice = json.object('choice');
  const provider = json.object('provider');
  return {
    phrases: json.rewrites('phrases'),
    words: json.map('words'),
    vocabulary: json.strings('vocabulary'),
    ...(json.has('spokenTime') ? { spokenTime: spokenTimeOf(json.object('spokenTime')) } : {}),
    intents,
    segments: {
      boundary: segments.pattern('boundary'),
      sourceLeads: segments.strings('sourceLeads'),
      targetLeads: segments.strings('targetLeads'),
      targetTrails: segments.strings('targetTrails'),
      verbAfterTarget: segments.pattern('verbAfterTarget'),
      sourceCue: segments.pattern('sourceCue'),
      targetCue: segments.pattern('targetCue'),
    },
    ...(json.has('shift') ? { shift: shiftOf(json.object('shift')) } : {}),
    choice: {
      alone: Object.fromEntries(choice.numbers('alone')),
      withNoun: Object.fromEntries(choice.numbers('withNoun')),
      nouns: choice.strings('nouns'),
      numberLeads: choice.strings('numberLeads'),
      notBefore: choice.strings('notBefore'),
      articles: choice.strings('articles'),
    },
    provider: { pattern: provider.pattern('pattern'), notAName: provider.pattern('notAName') },
  };
}

function spokenTimeOf(json: FieldReader): SpokenTimeRules {
  const hours = json.strings('hours');
  const minutes = json.string('minutesPattern');
  const leads = json.string('leads');
  const tails = json.string('tails');
  const words = hours.join('|');
  return {
    pattern: new RegExp(
      String.raw`\b(${leads})\s+(${words})(?:\s+(${minutes}|${json.string('oclock')}))?\b|\b(${words})(?:\s+(${minutes}))?\s+(${tails})\b`,
      'g',
    ),
    hours,
    minutes: json.map('minutes'),
    oclock: json.string('oclock'),
  };
}

function shiftOf(json: FieldReader): ShiftRules {
  return {
    pattern: json.pattern('pattern'),
    counts: json.numbers('counts'),
    earlier: json.pattern('earlier'),
    hours: json.pattern('hours'),
  };
}

/**
 * A language from the parsed contents of its three files. Throws ReceptionistLanguageError naming the
 * file and field at the first thing missing or malformed, so a broken folder fails at start.
 */
export function receptionistLanguageOf(
  code: string,
  reading: unknown,
  replies: unknown,
  markers: unknown,
): ReceptionistLanguage {
  const asObject = (file: string, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new ReceptionistLanguageError(`${file}: expected a JSON object`);
    return new FieldReader(file, value as Json);
  };
  const readingJson = asObject(`${code}/reading.json`, reading);
  const repliesJson = asObject(`${code}/replies.json`, replies);
  const markersJson = asObject(`${code}/markers.json`, markers);
  return {
    code,
    markers: markersJson.strings('markers'),
    reading: readingRulesOf(readingJson),
    wording: wordingFrom(code, repliesOf(repliesJson)),
  };
}

/** The reply templates, every one present. */
function repliesOf(json: FieldReader): Replies {
  const templates = json.object('templates');
  const errors = json.object('errors');
  const spokenClock = json.object('spokenClock');
  return {
    partsOfDay: json.map('partsOfDay'),
    corrections: json.has('corrections') ? json.rewrites('corrections') : [],
    spokenClock: {
      hours: spokenClock.strings('hours'),
      noon: spokenClock.string('noon'),
      onTheHour: spokenClock.string('onTheHour'),
      pastTheHour: spokenClock.string('pastTheHour'),
      minutes: spokenClock.strings('minutes'),
    },
    templates: new Map(Object.keys(templates.fields).map((key) => [key, templates.string(key)])),
    errors: new Map(Object.keys(errors.fields).map((key) => [key, errors.string(key)])),
  };
}
