import { byClinicId, type Clinic, type ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { fail, ok } from '../../domain/result.js';
import { type Clinics, numberTaken, type PutClinicOutcome } from '../../ports/clinics.js';

/** Clinics are copied in and out, so what a caller changes afterwards is not what is stored. */
export class InMemoryClinics implements Clinics {
  private readonly clinics = new Map<ClinicId, Clinic>();
  private readonly owners = new Map<PhoneNumber, ClinicId>();

  async put(clinic: Clinic): Promise<PutClinicOutcome> {
    for (const number of clinic.numbers) {
      const owner = this.owners.get(number);
      if (owner !== undefined && owner !== clinic.id) return fail(numberTaken(number, owner));
    }
    const replaced = this.clinics.get(clinic.id);
    for (const number of replaced?.numbers ?? []) this.owners.delete(number);
    for (const number of clinic.numbers) this.owners.set(number, clinic.id);
    this.clinics.set(clinic.id, structuredClone(clinic));
    return ok(replaced ? 'replaced' : 'created');
  }

  async get(id: ClinicId): Promise<Clinic | undefined> {
    const clinic = this.clinics.get(id);
    return clinic && structuredClone(clinic);
  }

  async list(): Promise<Clinic[]> {
    return [...this.clinics.values()].sort(byClinicId).map((clinic) => structuredClone(clinic));
  }

  async byNumber(number: PhoneNumber): Promise<Clinic | undefined> {
    const owner = this.owners.get(number);
    return owner && this.get(owner);
  }

  async close(): Promise<void> {}
}
