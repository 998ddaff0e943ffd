import { loadLanguagePacks } from '../../config/languages.js';
import type { PatientWording } from '../../src/application/patient-languages.js';
import type { LanguagePack } from '../../src/domain/language-pack.js';

/** The packs the server ships with. */
export const PACKS = loadLanguagePacks();
export const ENGLISH: LanguagePack = PACKS.get('en')!;
export const SPANISH: LanguagePack = PACKS.get('es')!;

/** Every patient written to in one language, as for a clinic that offers that one alone. */
export const wordingIn = (pack: LanguagePack): PatientWording => ({ addresseeOf: async () => ({ pack }) });
