import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import type { Reading } from '../adapters/offline/reading/reading.js';
import { parseUtterance } from '../adapters/offline/reading/utterance-parser.js';
import { loadReceptionistLanguages } from '../adapters/offline/receptionist-languages.js';
import { detectLanguage } from '../domain/language-detection.js';
import { fromLocal, isValidTimeZone } from '../domain/zoned-time.js';

/**
 * `npm run nlu -- --now 2026-03-01T09:00 "move my 10am to friday"`: how the offline model reads
 * each utterance, one JSON line apiece, at that moment in the clinic's zone (config/clinic.json, or
 * --tz). Without an utterance argument, one utterance a line from stdin. A --now without an offset
 * is clinic-local wall-clock time. `--lang es` reads in that language; without it, each utterance
 * is read in the language it seems written in, named in its line.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const USAGE =
  'usage: npm run nlu -- [--now YYYY-MM-DDTHH:MM[offset]] [--tz Area/City] [--locale en-US] [--lang code] ["utterance" ...]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(64);
}

/** The configured clinic (config/clinic.json, or CLINIC_CONFIG), read as the server reads it. */
function configuredClinic() {
  try {
    return loadConfig({ ...process.env, STORAGE: 'memory' }, PROJECT_ROOT).clinic;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(error.message);
  }
}

function instantOf(text: string, timeZone: string): number {
  const local = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?$/.exec(text);
  const instant = local ? fromLocal(local[1]!, local[2] ?? '00:00', timeZone) : Date.parse(text);
  if (Number.isNaN(instant))
    fail(`--now: expected an ISO date-time such as 2026-03-01T09:00 or 2026-03-01T09:00-05:00, got ${text}`);
  return instant;
}

/** For a reschedule, where from and where to; for anything else, what was named. */
function describe(text: string, language: string, reading: Reading): Record<string, unknown> {
  const { intent, from, date, dateRange, time, partOfDay, ...rest } = reading;
  const named = {
    ...(date ? { date } : {}),
    ...(dateRange ? { dateRange } : {}),
    ...(time ? { time } : {}),
    ...(partOfDay ? { partOfDay } : {}),
  };
  if (intent === 'reschedule') return { text, language, intent, from: from ?? {}, to: named, ...rest };
  return { text, language, intent, ...named, ...rest };
}

const { values, positionals } = parseArgs({
  options: { now: { type: 'string' }, tz: { type: 'string' }, locale: { type: 'string' }, lang: { type: 'string' } },
  allowPositionals: true,
});
const timeZone = values.tz ?? configuredClinic().timeZone;
if (!isValidTimeZone(timeZone)) fail(`--tz: expected an IANA time zone such as America/New_York, got ${timeZone}`);
const now = values.now ? instantOf(values.now, timeZone) : Date.now();
// Weeks start where the clinic's locale starts them.
const locale = values.locale ?? configuredClinic().locale;
const packs = loadReceptionistLanguages();
if (values.lang !== undefined && !packs.some((pack) => pack.code === values.lang))
  fail(`--lang: expected one of ${packs.map((pack) => pack.code).join(', ')} (config/languages/), got ${values.lang}`);
const print = (text: string) => {
  const language = values.lang ?? detectLanguage(text, packs) ?? 'en';
  const pack = packs.find((candidate) => candidate.code === language)!;
  process.stdout.write(
    `${JSON.stringify(describe(text, language, parseUtterance(text, now, timeZone, pack.reading, locale)))}\n`,
  );
};

if (positionals.length > 0) {
  positionals.forEach(print);
} else {
  for await (const line of createInterface({ input: process.stdin })) if (line.trim()) print(line.trim());
}
