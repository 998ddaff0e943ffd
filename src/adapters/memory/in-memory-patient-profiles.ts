import type { PhoneNumber } from '../../domain/phone-number.js';
import type { PatientProfile, PatientProfiles } from '../../ports/patient-profiles.js';

export class InMemoryPatientProfiles implements PatientProfiles {
  private readonly profiles = new Map<PhoneNumber, PatientProfile>();

  async profileOf(patient: PhoneNumber): Promise<PatientProfile> {
    return { ...this.profiles.get(patient) };
  }

  async update(patient: PhoneNumber, changes: PatientProfile): Promise<void> {
    this.profiles.set(patient, { ...this.profiles.get(patient), ...definedOf(changes) });
  }

  async close(): Promise<void> {}
}

const definedOf = (changes: PatientProfile): PatientProfile =>
  Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
