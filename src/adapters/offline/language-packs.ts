import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LanguagePack, LanguagePackError, languagePackOf } from './language-pack.js';

/** `config/languages/`, beside the compiled code as in the source tree. */
export const LANGUAGES_DIRECTORY = fileURLToPath(new URL('../../../../config/languages/', import.meta.url));

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LanguagePackError(`${path}: ${(error as Error).message}`);
  }
}

/**
 * Every language the offline receptionist speaks: each folder of `directory` that holds a
 * reading.json and a replies.json (a folder may hold other files for other parts of the product).
 */
export function loadLanguagePacks(directory = LANGUAGES_DIRECTORY): LanguagePack[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(directory, entry.name))
    .filter((folder) => existsSync(join(folder, 'reading.json')) && existsSync(join(folder, 'replies.json')))
    .sort()
    .map((folder) =>
      languagePackOf(
        folder.split(/[\\/]/).at(-1)!,
        readJson(join(folder, 'reading.json')),
        readJson(join(folder, 'replies.json')),
      ),
    );
}
