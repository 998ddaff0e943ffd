import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { LANGUAGES_FOLDER, LanguagePackError, loadLanguagePacks } from '../../../config/languages.js';

describe('language packs', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'clinic-languages-'));
    cpSync(LANGUAGES_FOLDER, folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const english = () => JSON.parse(readFileSync(join(LANGUAGES_FOLDER, 'en', 'messages.json'), 'utf8'));
  const addLanguage = (code: string, pack: unknown) => {
    mkdirSync(join(folder, code));
    writeFileSync(join(folder, code, 'messages.json'), JSON.stringify(pack));
    cpSync(join(LANGUAGES_FOLDER, 'en', 'markers.json'), join(folder, code, 'markers.json'));
  };
  const problemsOf = () => {
    try {
      loadLanguagePacks(folder);
      return [];
    } catch (error) {
      if (!(error instanceof LanguagePackError)) throw error;
      return error.problems;
    }
  };

  it('ships English and Spanish', () => {
    expect([...loadLanguagePacks().keys()]).to.deep.equal(['en', 'es']);
  });

  it('takes a third language as one more folder', () => {
    const french = english();
    french.keywords.optOut = ['ARRET'];
    french.voice = { ...french.voice, language: 'fr-CA', digit: '3', offer: 'Pour le français, faites le 3.' };
    addLanguage('fr', french);
    const packs = loadLanguagePacks(folder);
    expect([...packs.keys()]).to.deep.equal(['en', 'es', 'fr']);
    expect(packs.get('fr')?.keywords.optOut).to.deep.equal(['ARRET']);
    expect(packs.get('fr')?.code).to.equal('fr');
  });

  it('refuses a pack with a field missing, misspelt or wrong, naming the file and the field', () => {
    const broken = english();
    delete broken.replies.help;
    broken.notifications.remindr = 'x';
    broken.keywords.optOut = ['stop'];
    broken.voice.digit = '3';
    addLanguage('fr', broken);
    const file = join(folder, 'fr', 'messages.json');
    expect(problemsOf()).to.have.members([
      `${file}: keywords.optOut[0]: expected an upper-case word, as carriers match it`,
      `${file}: replies.help: expected a non-empty text`,
      `${file}: notifications.remindr: expected no such field: one of booked, bookedNamed, moved, cancelled, reminder, reminderNamed, when, withProvider`,
    ]);
  });

  it('refuses two languages on the same key of the phone menu, a folder not named by a language, and bad JSON', () => {
    addLanguage('fr', english());
    addLanguage('French', english());
    mkdirSync(join(folder, 'de'));
    writeFileSync(join(folder, 'de', 'messages.json'), '{ "keywords": ');
    expect(problemsOf()).to.have.members([
      `${join(folder, 'French')}: expected a folder named by a BCP 47 primary language code such as es`,
      `${join(folder, 'de', 'messages.json')}: expected valid JSON, but line 1, column 15: Unexpected end of JSON input`,
      `${join(folder, 'de', 'markers.json')}: expected a readable file`,
      `${join(folder, 'fr', 'messages.json')}: voice.digit: expected a key other than en's`,
    ]);
  });
});
