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

  /**
   * `put`: the store had no clinic, and now has the file's. `differs`: the store has a clinic of the
   * file's id, changed since (by the API or the clinic command): the stored one is served, and an
   * operator who edited the file must be told it changed nothing. `kept`: the store's clinics stand.
   */
  async execute(): Promise<'put' | 'differs' | 'kept'> {
    const clinics = await this.clinics.list();
    if (clinics.length === 0) {
      // Refused only if a server starting beside this one seeded first: the store then has its clinic.
      return (await this.clinics.put(this.clinic)).ok ? 'put' : 'kept';
    }
    const stored = clinics.find((clinic) => clinic.id === this.clinic.id);
    return stored && JSON.stringify(stored) !== JSON.stringify(this.clinic) ? 'differs' : 'kept';
  }
}
