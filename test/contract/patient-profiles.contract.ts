import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { PatientProfiles } from '../../src/ports/patient-profiles.js';
import { aNewClinicId } from '../support/clinic-builder.js';
import { ALICE, ALICE_PLUS_ONE_DIGIT } from '../support/patients.js';

/**
 * What every store of patient profiles must do: keep each field given until changed, for that number
 * alone, at that clinic alone. `make` gives a clinic's store; two clinics' stores in one test share storage.
 */
export function patientProfilesContract(name: string, make: (clinicId: ClinicId) => Promise<PatientProfiles>) {
  describe(`${name} patient profiles (contract)`, () => {
    let profiles: PatientProfiles;
    const opened: PatientProfiles[] = [];
    const aStoreOf = async (clinicId: ClinicId) => {
      const made = await make(clinicId);
      opened.push(made);
      return made;
    };
    beforeEach(async () => {
      profiles = await aStoreOf(aNewClinicId());
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.close()));
    });

    it('knows nothing of a patient at first', async () => {
      expect(await profiles.profileOf(ALICE)).to.deep.equal({});
    });

    it('keeps the language given, for that number alone, until another is given', async () => {
      await profiles.update(ALICE, { language: 'es' });
      expect(await profiles.profileOf(ALICE)).to.deep.equal({ language: 'es' });
      expect(await profiles.profileOf(ALICE_PLUS_ONE_DIGIT)).to.deep.equal({});
      await profiles.update(ALICE, { language: 'en' });
      expect(await profiles.profileOf(ALICE)).to.deep.equal({ language: 'en' });
    });

    it('changes only the fields given, keeping the others', async () => {
      await profiles.update(ALICE, { language: 'es' });
      await profiles.update(ALICE, { name: 'Alicia Gómez' });
      expect(await profiles.profileOf(ALICE)).to.deep.equal({ language: 'es', name: 'Alicia Gómez' });
      await profiles.update(ALICE, { language: 'en', name: undefined });
      expect(await profiles.profileOf(ALICE)).to.deep.equal({ language: 'en', name: 'Alicia Gómez' });
    });

    it('keeps when the patient last wrote on WhatsApp, beside their language, the latest instant given', async () => {
      await profiles.update(ALICE, { language: 'es' });
      await profiles.update(ALICE, { lastWhatsappMessageAt: 1_772_000_000_000 });
      await profiles.update(ALICE, { lastWhatsappMessageAt: 1_772_000_060_000 });
      expect(await profiles.profileOf(ALICE)).to.deep.equal({
        language: 'es',
        lastWhatsappMessageAt: 1_772_000_060_000,
      });
      await profiles.update(ALICE, { name: 'Alicia Gómez' });
      expect((await profiles.profileOf(ALICE)).lastWhatsappMessageAt).to.equal(1_772_000_060_000);
      expect(await profiles.profileOf(ALICE_PLUS_ONE_DIGIT)).to.deep.equal({});
    });

    it("keeps a patient's profile at the clinic that learnt it", async () => {
      const theirs = await aStoreOf(aNewClinicId());
      await profiles.update(ALICE, { language: 'es' });
      expect(await theirs.profileOf(ALICE)).to.deep.equal({});
      await theirs.update(ALICE, { language: 'en' });
      expect(await profiles.profileOf(ALICE)).to.deep.equal({ language: 'es' });
    });
  });
}
