import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES_FOLDER, MARKERS_FILE } from '../../../config/languages.js';
import { nameRulesOf } from './name-rules.js';
import {
  type ReceptionistLanguage,
  ReceptionistLanguageError,
  receptionistLanguageOf,
} from './receptionist-language.js';

const FILES = ['reading.json', 'replies.json', MARKERS_FILE] as const;
/** Optional: how patients give their name in the language. */
const NAMES_FILE = 'names.json';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReceptionistLanguageError(`${path}: ${(error as Error).message}`);
  }
}

/**
 * Every language the offline receptionist speaks: each folder of `directory` that holds a
 * reading.json, a replies.json and the language's markers.json (a folder may hold other files for
 * other parts of the product), and its names.json when it has one.
 */
export function loadReceptionistLanguages(directory = LANGUAGES_FOLDER): ReceptionistLanguage[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(directory, entry.name))
    .filter((folder) => FILES.every((file) => existsSync(join(folder, file))))
    .sort()
    .map((folder) => {
      const [reading, replies, markers] = FILES.map((file) => readJson(join(folder, file)));
      const code = folder.split(/[\\/]/).at(-1)!;
      const language = receptionistLanguageOf(code, reading, replies, markers);
      const names = join(folder, NAMES_FILE);
      return existsSync(names) ? { ...language, names: nameRulesOf(names, readJson(names)) } : language;
    });
}
