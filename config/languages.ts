import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { LanguagePack, LanguagePacks } from '../src/domain/language-pack.js';
import { LANGUAGE_CODE } from './clinic-document.js';
import { refine, strictObject } from './codecs.js';
import { describeErrors } from './describe-errors.js';
import { parseJson } from './json-text.js';

/** The packs shipped with the server: config/languages/<code>/, beside this file's source. */
export const LANGUAGES_FOLDER = fileURLToPath(new URL('../../config/languages/', import.meta.url));

/** The files of a pack this loader reads; the folder holds others, read by the offline receptionist. */
const MESSAGES_FILE = 'messages.json';
/** The language's common words: shared by this pack and the offline receptionist's reading of the language. */
export const MARKERS_FILE = 'markers.json';

const text = refine('a non-empty text', t.string, (s) => s.trim().length > 0);

const list = <C extends t.Mixed>(what: string, item: C) =>
  refine(`a non-empty list of ${what}`, t.array(item), (items) => items.length > 0, true);

const marker = refine('a lower-case word', t.string, (s) => /^\p{Ll}+$/u.test(s));
const keyword = refine('an upper-case word, as carriers match it', t.string, (s) => /^\p{Lu}+$/u.test(s));
const digit = refine('one key of the phone, 1 to 9', t.string, (s) => /^[1-9]$/.test(s));
const twilioLanguage = refine('a language tag Twilio speaks, such as es-MX', t.string, (s) =>
  /^[a-z]{2,3}(-[A-Za-z0-9]+)+$/.test(s),
);

const texts = <K extends string>(what: string, keys: readonly K[]) =>
  strictObject(what, Object.fromEntries(keys.map((key) => [key, text])) as Record<K, typeof text>, {});

const Messages = strictObject(
  'a language pack',
  {
    keywords: strictObject(
      'keywords { optOut, optIn, help }',
      { optOut: list('keywords', keyword), optIn: list('keywords', keyword), help: list('keywords', keyword) },
      {},
    ),
    replies: texts('replies', ['optedOut', 'optedIn', 'help', 'onBehalf', 'limited', 'unavailable', 'notOffered']),
    notifications: texts('notification texts', [
      'booked',
      'bookedNamed',
      'moved',
      'cancelled',
      'reminder',
      'reminderNamed',
      'when',
      'withProvider',
    ]),
    voice: strictObject(
      'the phone menu in this language',
      {
        language: twilioLanguage,
        voice: text,
        digit,
        offer: text,
        greeting: text,
        frontDeskOffer: text,
        missed: text,
        silence: text,
        puttingThrough: text,
        pressed: text,
        goodbye: text,
        farewells: list('phrases', text),
        courtesies: list('phrases', text),
      },
      {},
    ),
  },
  {},
);

const Markers = strictObject('common words', { about: t.string, markers: list('lower-case words', marker) }, {});

/** Why packs could not be read, one line per problem, each naming its file and field. */
export class LanguagePackError extends Error {
  constructor(readonly problems: string[]) {
    super(`language packs: ${problems.join('; ')}`);
  }
}

/** One file of a pack, decoded; undefined, with its problems added, when it cannot be. */
function readPackFile<C extends t.Mixed>(file: string, codec: C, problems: string[]): t.TypeOf<C> | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    problems.push(`${file}: expected a readable file`);
    return undefined;
  }
  const parsed = parseJson(content);
  if (!parsed.ok) {
    problems.push(`${file}: expected valid JSON, but ${parsed.error}`);
    return undefined;
  }
  const decoded = codec.decode(parsed.value);
  if (isLeft(decoded)) {
    problems.push(...describeErrors(decoded.left).map((line) => `${file}: ${line}`));
    return undefined;
  }
  return decoded.right;
}

/**
 * Every language pack in `folder`, one sub-folder per language named by its code: adding a language
 * is adding a folder. Read strictly, as the clinic file is: an unknown or missing field is refused,
 * and so are two languages that answer the phone on the same key.
 */
export function loadLanguagePacks(folder: string = LANGUAGES_FOLDER): LanguagePacks {
  const problems: string[] = [];
  const packs = new Map<string, LanguagePack>();
  const codes = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const code of codes) {
    const file = join(folder, code, MESSAGES_FILE);
    if (!LANGUAGE_CODE.test(code)) {
      problems.push(`${join(folder, code)}: expected a folder named by a BCP 47 primary language code such as es`);
      continue;
    }
    const messages = readPackFile(file, Messages, problems);
    const markers = readPackFile(join(folder, code, MARKERS_FILE), Markers, problems);
    if (messages && markers) packs.set(code, { code, markers: markers.markers, ...messages });
  }
  const byDigit = new Map<string, string>();
  for (const pack of packs.values()) {
    const other = byDigit.get(pack.voice.digit);
    if (other)
      problems.push(`${join(folder, pack.code, MESSAGES_FILE)}: voice.digit: expected a key other than ${other}'s`);
    byDigit.set(pack.voice.digit, pack.code);
  }
  if (packs.size === 0 && problems.length === 0) problems.push(`${folder}: expected at least one language pack`);
  if (problems.length > 0) throw new LanguagePackError(problems);
  return packs;
}
