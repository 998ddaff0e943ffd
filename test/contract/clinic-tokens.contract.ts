import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { ClinicTokens } from '../../src/ports/clinic-tokens.js';

const RIVERSIDE = 'riverside' as ClinicId;
const LAKESIDE = 'lakeside' as ClinicId;

const hash = (n: number) => n.toString(16).padStart(64, '0');
const riverside = { tokenId: 'tok_riverside1', clinicId: RIVERSIDE };

/** What every store of clinics' tokens must do: find a token by its hash, until its own clinic revokes it. */
export function clinicTokensContract(name: string, make: () => Promise<ClinicTokens>) {
  describe(`${name} clinic tokens (contract)`, () => {
    let tokens: ClinicTokens;
    beforeEach(async () => {
      tokens = await make();
    });
    afterEach(() => tokens.close());

    it('finds no token for a hash it was not given', async () => {
      expect(await tokens.find(hash(1))).to.equal(undefined);
    });

    it('finds a token by its hash: its id and its clinic', async () => {
      await tokens.add(riverside, hash(1));
      expect(await tokens.find(hash(1))).to.deep.equal(riverside);
      expect(await tokens.find(hash(2))).to.equal(undefined);
    });

    it('no longer finds a revoked token, and revokes it once', async () => {
      await tokens.add(riverside, hash(1));
      expect(await tokens.revoke(RIVERSIDE, riverside.tokenId)).to.equal(true);
      expect(await tokens.find(hash(1))).to.equal(undefined);
      expect(await tokens.revoke(RIVERSIDE, riverside.tokenId)).to.equal(false);
    });

    it("never lets a clinic revoke another clinic's token", async () => {
      await tokens.add(riverside, hash(1));
      expect(await tokens.revoke(LAKESIDE, riverside.tokenId)).to.equal(false);
      expect(await tokens.find(hash(1))).to.deep.equal(riverside);
    });

    it("revokes one of a clinic's tokens and leaves its others, and other clinics', found", async () => {
      const second = { tokenId: 'tok_riverside2', clinicId: RIVERSIDE };
      const lakeside = { tokenId: 'tok_lakeside1', clinicId: LAKESIDE };
      await tokens.add(riverside, hash(1));
      await tokens.add(second, hash(2));
      await tokens.add(lakeside, hash(3));
      expect(await tokens.revoke(RIVERSIDE, riverside.tokenId)).to.equal(true);
      expect(await tokens.find(hash(2))).to.deep.equal(second);
      expect(await tokens.find(hash(3))).to.deep.equal(lakeside);
    });
  });
}
