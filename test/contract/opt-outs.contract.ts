import { expect } from 'chai';
import type { OptOuts } from '../../src/ports/opt-outs.js';
import { ALICE, ALICE_PLUS_ONE_DIGIT } from '../support/patients.js';

/** What every opt-out registry must do: a STOP holds until START, for that number alone. */
export function optOutsContract(name: string, make: () => Promise<OptOuts>) {
  describe(`${name} opt-outs (contract)`, () => {
    let optOuts: OptOuts;
    beforeEach(async () => {
      optOuts = await make();
    });
    afterEach(() => optOuts.close());

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
  });
}
