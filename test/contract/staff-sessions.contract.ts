import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { StaffSession, StaffSessions } from '../../src/ports/staff-sessions.js';

const RIVERSIDE = 'riverside' as ClinicId;
const LAKESIDE = 'lakeside' as ClinicId;
const NOW = Date.parse('2030-03-04T13:00:00Z');
const MINUTE = 60_000;

const hash = (n: number) => n.toString(16).padStart(64, '0');
const anas: StaffSession = {
  clinicId: RIVERSIDE,
  staffId: 'stf_ana',
  role: 'manager',
  csrfToken: 'csrf-of-anas-session',
  expiresAt: NOW + 12 * 60 * MINUTE,
  idleUntil: NOW + 30 * MINUTE,
};

/** What every store of staff sessions must do: find a session by its hash while it lasts, and end it. */
export function staffSessionsContract(name: string, make: () => Promise<StaffSessions>) {
  describe(`${name} staff sessions (contract)`, () => {
    let sessions: StaffSessions;
    beforeEach(async () => {
      sessions = await make();
    });
    afterEach(() => sessions.close());

    it('finds a session by its hash, and none by another', async () => {
      await sessions.add(anas, hash(1));
      expect(await sessions.find(hash(1), NOW)).to.deep.equal(anas);
      expect(await sessions.find(hash(2), NOW)).to.equal(undefined);
    });

    it('finds no session once it has been idle too long, nor once its whole lifetime has passed', async () => {
      await sessions.add(anas, hash(1));
      expect(await sessions.find(hash(1), anas.idleUntil - 1)).to.deep.equal(anas);
      expect(await sessions.find(hash(1), anas.idleUntil)).to.equal(undefined);
      await sessions.add({ ...anas, idleUntil: anas.expiresAt }, hash(2));
      expect(await sessions.find(hash(2), anas.expiresAt)).to.equal(undefined);
    });

    it('lasts longer each time it is used, but never past its lifetime', async () => {
      await sessions.add(anas, hash(1));
      const later = anas.idleUntil + 20 * MINUTE;
      await sessions.touch(hash(1), later);
      expect(await sessions.find(hash(1), later - 1)).to.deep.equal({ ...anas, idleUntil: later });
      await sessions.touch(hash(1), anas.expiresAt + MINUTE);
      expect(await sessions.find(hash(1), anas.expiresAt)).to.equal(undefined);
    });

    it('finds no session signed out, and signing out twice is no error', async () => {
      await sessions.add(anas, hash(1));
      await sessions.remove(hash(1));
      expect(await sessions.find(hash(1), NOW)).to.equal(undefined);
      await sessions.remove(hash(1));
      await sessions.touch(hash(1), anas.expiresAt);
      expect(await sessions.find(hash(1), NOW)).to.equal(undefined);
    });

    it("signs one staff member out everywhere, and no one else: not a colleague, not another clinic's", async () => {
      const colleague = { ...anas, staffId: 'stf_ben', role: 'front-desk' as const };
      const namesake = { ...anas, clinicId: LAKESIDE };
      await sessions.add(anas, hash(1));
      await sessions.add(anas, hash(2));
      await sessions.add(colleague, hash(3));
      await sessions.add(namesake, hash(4));
      await sessions.removeAllOf(RIVERSIDE, 'stf_ana');
      expect(await sessions.find(hash(1), NOW)).to.equal(undefined);
      expect(await sessions.find(hash(2), NOW)).to.equal(undefined);
      expect(await sessions.find(hash(3), NOW)).to.deep.equal(colleague);
      expect(await sessions.find(hash(4), NOW)).to.deep.equal(namesake);
    });
  });
}
