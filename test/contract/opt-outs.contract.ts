import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { OptOuts } from '../../src/ports/opt-outs.js';
import { aNewClinicId } from '../support/clinic-builder.js';
import { ALICE, ALICE_PLUS_ONE_DIGIT } from '../support/patients.js';

/**
 * What every opt-out registry must do: a STOP holds until START, for that number alone, at that
 * clinic alone. `make` gives a clinic's registry; two clinics' registries in one test share storage.
 */
export function optOutsContract(name: string, make: (clinicId: ClinicId) => Promise<OptOuts>) {
  describe(`${name} opt-outs (contract)`, () => {
    let optOuts: OptOuts;
    const opened: OptOuts[] = [];
    const aRegistryOf = async (clinicId: ClinicId) => {
      const made = await make(clinicId);
      opened.push(made);
      return made;
    };
    beforeEach(async () => {
      optOuts = await aRegistryOf(aNewClinicId());
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.close()));
    });

    it('knows nobody as opted out at first', async () => {
      expect(await optOuts.isOptedOut(ALICE)).to.equal(false);
    });

    it('keeps a STOP until START, for that number alone', async () => {
      await optOuts.optOut(ALICE, 1);
      await optOuts.optOut(ALICE, 2);
      expect(await optOuts.isOptedOut(ALICE)).to.equal(true);
      expect(await optOuts.isOptedOut(ALICE_PLUS_ONE_DIGIT)).to.equal(false);
      await optOuts.optIn(ALICE);
      expect(await optOuts.isOptedOut(ALICE)).to.equal(false);
      await optOuts.optIn(ALICE);
      expect(await optOuts.isOptedOut(ALICE)).to.equal(false);
    });

    it("keeps a patient's STOP to the clinic it was sent to", async () => {
      const theirs = await aRegistryOf(aNewClinicId());
      await optOuts.optOut(ALICE, 1);
      expect(await theirs.isOptedOut(ALICE)).to.equal(false);
      await theirs.optOut(ALICE, 2);
      await optOuts.optIn(ALICE);
      expect(await optOuts.isOptedOut(ALICE)).to.equal(false);
      expect(await theirs.isOptedOut(ALICE)).to.equal(true);
    });
  });
}
