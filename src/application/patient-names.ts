import { patientNameOf } from '../domain/patient-name.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { PatientProfiles } from '../ports/patient-profiles.js';

/**
 * What one clinic's patients are called, as they told the receptionist or staff typed it. Read to
 * greet and show them; never to tell who they are, which their number alone does.
 */
export class PatientNames {
  constructor(private readonly profiles: PatientProfiles) {}

  async nameOf(patient: PhoneNumber): Promise<string | undefined> {
    return (await this.profiles.profileOf(patient)).name;
  }

  /** The names known of these patients; a patient with none is left out. */
  async namesOf(patients: Iterable<PhoneNumber>): Promise<Map<PhoneNumber, string>> {
    const distinct = [...new Set(patients)];
    const names = await Promise.all(distinct.map((patient) => this.nameOf(patient)));
    return new Map(distinct.flatMap((patient, index) => (names[index] ? [[patient, names[index]] as const] : [])));
  }

  /** Keeps the name as cleaned (patient-name.ts), or nothing when none is left of it; answers what was kept. */
  async rename(patient: PhoneNumber, given: unknown): Promise<string | undefined> {
    const name = patientNameOf(given);
    if (name !== undefined) await this.profiles.update(patient, { name });
    return name;
  }
}
