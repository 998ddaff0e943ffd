import type { Clinic } from '../domain/clinic.js';
import type { Clinics } from '../ports/clinics.js';

/**
 * At start, a store with no clinic gets the one of CLINIC_CONFIG, so a deployment that has always
 * run one clinic from its file runs it still. A store with clinics is theirs: the file changes none
 * of them, nor adds to them.
 */
export class SeedClinic {
  constructor(
    private readonly clinics: Clinics,
    private readonly clinic: Clinic,
  ) {}

  /** Whether the clinic was put. */
  async execute(): Promise<boolean> {
    if ((await this.clinics.list()).length > 0) return false;
    // Refused only if a server starting beside this one seeded first: the store then has its clinic.
    return (await this.clinics.put(this.clinic)).ok;
  }
}
