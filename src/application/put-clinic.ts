import type { Clinic } from '../domain/clinic.js';
import type { Clinics, PutClinicOutcome } from '../ports/clinics.js';

/** Creates or replaces a clinic, its numbers with it: refused when another clinic has one of them. */
export class PutClinic {
  constructor(private readonly clinics: Clinics) {}

  execute(clinic: Clinic): Promise<PutClinicOutcome> {
    return this.clinics.put(clinic);
  }
}
