import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import { LOCKOUT, type StaffMember } from '../../src/domain/staff.js';
import type { StaffAccounts } from '../../src/ports/staff-accounts.js';

const RIVERSIDE = 'riverside' as ClinicId;
const LAKESIDE = 'lakeside' as ClinicId;
const NOW = Date.parse('2030-03-04T13:00:00Z');

const ana: StaffMember = {
  staffId: 'stf_ana',
  clinicId: RIVERSIDE,
  name: 'Ana Ruiz',
  email: 'ana@riverside.example',
  role: 'manager',
};
const ben: StaffMember = {
  staffId: 'stf_ben',
  clinicId: RIVERSIDE,
  name: 'Ben Okafor',
  email: 'ben@riverside.example',
  role: 'front-desk',
};
const lee: StaffMember = {
  staffId: 'stf_lee',
  clinicId: LAKESIDE,
  name: 'Lee Park',
  email: 'lee@lakeside.example',
  role: 'manager',
};

/** What every store of staff accounts must do: one account an email, found by it; failures counted as one. */
export function staffAccountsContract(name: string, make: () => Promise<StaffAccounts>) {
  describe(`${name} staff accounts (contract)`, () => {
    let accounts: StaffAccounts;
    beforeEach(async () => {
      accounts = await make();
    });
    afterEach(() => accounts.close());

    const failTimes = async (member: StaffMember, times: number) => {
      for (let i = 0; i < times; i++) await accounts.recordFailure(member.clinicId, member.staffId, NOW);
    };

    it('finds an account by its email and by its id, with its hash and no failures', async () => {
      expect(await accounts.byEmail(ana.email)).to.equal(undefined);
      expect(await accounts.add(ana, 'hash-of-ana')).to.equal(true);
      const kept = { ...ana, passwordHash: 'hash-of-ana', failures: 0 };
      expect(await accounts.byEmail(ana.email)).to.deep.equal(kept);
      expect(await accounts.byId(RIVERSIDE, ana.staffId)).to.deep.equal(kept);
      expect(await accounts.byId(RIVERSIDE, 'stf_nobody')).to.equal(undefined);
    });

    it("lists a clinic's staff by name, never another clinic's, and never reads another clinic's by id", async () => {
      await accounts.add(ben, 'h1');
      await accounts.add(lee, 'h2');
      await accounts.add(ana, 'h3');
      expect(await accounts.list(RIVERSIDE)).to.deep.equal([ana, ben]);
      expect(await accounts.list(LAKESIDE)).to.deep.equal([lee]);
      expect(await accounts.byId(LAKESIDE, ana.staffId)).to.equal(undefined);
    });

    it('keeps an email to one account across clinics, and keeps nothing of a refused one', async () => {
      await accounts.add(ana, 'h1');
      const again = { ...lee, email: ana.email };
      expect(await accounts.add(again, 'h2')).to.equal(false);
      expect(await accounts.list(LAKESIDE)).to.deep.equal([]);
      expect((await accounts.byEmail(ana.email))?.staffId).to.equal(ana.staffId);
    });

    it('adds an email once when many add it at the same moment', async () => {
      const added = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          accounts.add({ ...ben, staffId: `stf_racer${i}`, clinicId: i % 2 ? RIVERSIDE : LAKESIDE }, `h${i}`),
        ),
      );
      expect(added.filter(Boolean)).to.have.length(1);
      const winner = added.indexOf(true);
      expect((await accounts.byEmail(ben.email))?.staffId).to.equal(`stf_racer${winner}`);
      const listed = [...(await accounts.list(RIVERSIDE)), ...(await accounts.list(LAKESIDE))];
      expect(listed.map((member) => member.staffId)).to.deep.equal([`stf_racer${winner}`]);
    });

    it(`locks an account at its ${LOCKOUT.failures}th failure in a row, and counts again from none`, async () => {
      await accounts.add(ana, 'h');
      await failTimes(ana, LOCKOUT.failures - 1);
      expect(await accounts.byId(RIVERSIDE, ana.staffId)).to.include({ failures: LOCKOUT.failures - 1 });
      expect(await accounts.byId(RIVERSIDE, ana.staffId)).not.to.have.property('lockedUntil');
      expect(await accounts.recordFailure(RIVERSIDE, ana.staffId, NOW)).to.deep.equal({
        failures: 0,
        lockedUntil: NOW + LOCKOUT.lockMs,
      });
      expect(await accounts.byEmail(ana.email)).to.include({ failures: 0, lockedUntil: NOW + LOCKOUT.lockMs });
    });

    it('counts every one of failures made at the same moment, and exactly one of them locks', async () => {
      await accounts.add(ana, 'h');
      const counted = await Promise.all(
        Array.from({ length: LOCKOUT.failures + 2 }, () => accounts.recordFailure(RIVERSIDE, ana.staffId, NOW)),
      );
      const locking = counted.filter((after) => after?.failures === 0);
      expect(locking).to.deep.equal([{ failures: 0, lockedUntil: NOW + LOCKOUT.lockMs }]);
      expect(await accounts.byId(RIVERSIDE, ana.staffId)).to.include({
        failures: 2,
        lockedUntil: NOW + LOCKOUT.lockMs,
      });
    });

    it('starts the count again after a sign-in, so failures apart never lock', async () => {
      await accounts.add(ana, 'h');
      await failTimes(ana, LOCKOUT.failures - 1);
      await accounts.clearFailures(RIVERSIDE, ana.staffId);
      await failTimes(ana, LOCKOUT.failures - 1);
      const account = await accounts.byId(RIVERSIDE, ana.staffId);
      expect(account).to.include({ failures: LOCKOUT.failures - 1 });
      expect(account).not.to.have.property('lockedUntil');
    });

    it("counts nothing for an account there is not, or another clinic's", async () => {
      await accounts.add(ana, 'h');
      expect(await accounts.recordFailure(LAKESIDE, ana.staffId, NOW)).to.equal(undefined);
      expect(await accounts.recordFailure(RIVERSIDE, 'stf_nobody', NOW)).to.equal(undefined);
      expect(await accounts.byId(RIVERSIDE, ana.staffId)).to.include({ failures: 0 });
    });

    it('removes an account once, only by its own clinic, and frees its email', async () => {
      await accounts.add(ana, 'h');
      expect(await accounts.remove(LAKESIDE, ana.staffId)).to.equal(false);
      expect(await accounts.remove(RIVERSIDE, ana.staffId)).to.equal(true);
      expect(await accounts.remove(RIVERSIDE, ana.staffId)).to.equal(false);
      expect(await accounts.byEmail(ana.email)).to.equal(undefined);
      expect(await accounts.list(RIVERSIDE)).to.deep.equal([]);
      expect(await accounts.add({ ...ana, staffId: 'stf_ana2' }, 'h2')).to.equal(true);
    });
  });
}
