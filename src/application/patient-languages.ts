import { type Clinic, languagesOf } from '../domain/clinic.js';
import { detectLanguage } from '../domain/language-detection.js';
import { fill, type LanguagePack, type LanguagePacks, languageName } from '../domain/language-pack.js';
import type { Addressee } from '../domain/notification-policy.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { PatientProfiles } from '../ports/patient-profiles.js';

/** What a patient's text is answered in. */
export interface Answering {
  /** The clinic's words in the language the patient is answered in. */
  pack: LanguagePack;
  /** Said once, before the answer, to a patient writing in a language the clinic does not offer. */
  notOffered?: string;
}

/** Where a patient's texts about their bookings take their words from, and the name they are written to by. */
export interface PatientWording {
  addresseeOf(patient: PhoneNumber): Promise<Addressee>;
}

/**
 * Each patient's language at one clinic: read from what they write, remembered in their profile, and
 * answered in when the clinic offers it; otherwise the clinic's first language is used.
 */
export class PatientLanguages implements PatientWording {
  private readonly offered: string[];

  constructor(
    private readonly profiles: PatientProfiles,
    private readonly clinic: Clinic,
    private readonly packs: LanguagePacks,
  ) {
    this.offered = languagesOf(clinic);
  }

  /** The clinic's first language with a pack: what anyone is told in when nothing else is known. */
  get defaultPack(): LanguagePack {
    const code = [...this.offered, 'en'].find((language) => this.packs.has(language)) ?? [...this.packs.keys()][0]!;
    return this.packs.get(code)!;
  }

  /** The pack a language is answered in: its own if the clinic offers it, the clinic's default if not. */
  packOf(language: string | undefined): LanguagePack {
    const pack = language === undefined ? undefined : this.packs.get(language);
    return pack && this.offered.includes(language!) ? pack : this.defaultPack;
  }

  async packFor(patient: PhoneNumber): Promise<LanguagePack> {
    return this.packOf((await this.profiles.profileOf(patient)).language);
  }

  async addresseeOf(patient: PhoneNumber): Promise<Addressee> {
    const { language, name } = await this.profiles.profileOf(patient);
    return { pack: this.packOf(language), ...(name ? { name } : {}) };
  }

  /** The pack whose carrier keyword this is, if any: a STOP is answered in English, a PARAR in Spanish. */
  keywordOf(keyword: string, kind: keyof LanguagePack['keywords']): LanguagePack | undefined {
    return [...this.packs.values()].find((pack) => pack.keywords[kind].includes(keyword));
  }

  /** Remembers the language a patient chose, e.g. by a key on the phone menu. */
  async remember(patient: PhoneNumber, language: string): Promise<void> {
    await this.profiles.update(patient, { language });
  }

  /**
   * Reads the language of a patient's text and remembers it when it changes. A language the clinic
   * does not offer is answered in its first, with a line saying so the first time it is read.
   */
  async heard(patient: PhoneNumber, text: string): Promise<Answering> {
    const remembered = (await this.profiles.profileOf(patient)).language;
    const language = detectLanguage(text, this.packs.values(), remembered);
    if (language !== undefined && language !== remembered) await this.profiles.update(patient, { language });
    const pack = this.packOf(language);
    if (language === undefined || pack.code === language || language === remembered) return { pack };
    const theirs = this.packs.get(language)!;
    return {
      pack,
      notOffered: fill(theirs.replies.notOffered, {
        clinic: this.clinic.name,
        language: languageName(pack.code, theirs.code),
      }),
    };
  }
}
