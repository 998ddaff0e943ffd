import { InMemoryPatientProfiles } from '../../src/adapters/memory/in-memory-patient-profiles.js';
import { PatientLanguages } from '../../src/application/patient-languages.js';
import { WhatsappWindows } from '../../src/application/whatsapp-windows.js';
import type { Clinic } from '../../src/domain/clinic.js';
import type { PatientProfiles } from '../../src/ports/patient-profiles.js';
import { PACKS } from './language-packs.js';

/** A clinic's WhatsApp windows over `profiles`: with none given, no patient has written on WhatsApp. */
export const whatsappWindowsOf = (clinic: Clinic, profiles: PatientProfiles = new InMemoryPatientProfiles()) =>
  new WhatsappWindows(profiles, clinic, new PatientLanguages(profiles, clinic, PACKS));
