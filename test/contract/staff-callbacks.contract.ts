import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { StaffCallbacks } from '../../src/ports/staff-callbacks.js';
import { aNewClinicId } from '../support/clinic-builder.js';
import { ALICE, ALICE_PLUS_ONE_DIGIT, BOB } from '../support/patients.js';
import { YEARS_AHEAD } from '../support/times.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * What every store of staff callbacks must do: one open request per patient and clinic, until that
 * clinic's staff resolve it. `make` gives a clinic's store; two clinics' stores in one test share storage.
 */
export function staffCallbacksContract(name: string, make: (clinicId: ClinicId) => Promise<StaffCallbacks>) {
  describe(`${name} staff callbacks (contract)`, () => {
    let callbacks: StaffCallbacks;
    const opened: StaffCallbacks[] = [];
    const aStoreOf = async (clinicId: ClinicId) => {
      const made = await make(clinicId);
      opened.push(made);
      return made;
    };
    beforeEach(async () => {
      callbacks = await aStoreOf(aNewClinicId());
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.close()));
    });

    it('has nothing open at first, and resolves nothing', async () => {
      expect(await callbacks.open()).to.deep.equal([]);
      expect(await callbacks.resolve(ALICE)).to.equal(false);
    });

    it('keeps a request as asked, words beyond ASCII included', async () => {
      await callbacks.request(ALICE, 'Question about her prescription — “urgent” 💊', 'whatsapp', YEARS_AHEAD);
      expect(await callbacks.open()).to.deep.equal([
        {
          patient: ALICE,
          reason: 'Question about her prescription — “urgent” 💊',
          channel: 'whatsapp',
          firstRequestedAt: YEARS_AHEAD,
          lastRequestedAt: YEARS_AHEAD,
          times: 1,
        },
      ]);
    });

    it('keeps one request per patient: asking again updates the reason and channel, and counts', async () => {
      await callbacks.request(ALICE, 'billing question', 'sms', YEARS_AHEAD);
      await callbacks.request(ALICE_PLUS_ONE_DIGIT, 'another patient', 'sms', YEARS_AHEAD + MINUTE);
      await callbacks.request(ALICE, 'asked for a person', 'whatsapp', YEARS_AHEAD + 2 * MINUTE);
      expect(await callbacks.open()).to.deep.equal([
        {
          patient: ALICE,
          reason: 'asked for a person',
          channel: 'whatsapp',
          firstRequestedAt: YEARS_AHEAD,
          lastRequestedAt: YEARS_AHEAD + 2 * MINUTE,
          times: 2,
        },
        {
          patient: ALICE_PLUS_ONE_DIGIT,
          reason: 'another patient',
          channel: 'sms',
          firstRequestedAt: YEARS_AHEAD + MINUTE,
          lastRequestedAt: YEARS_AHEAD + MINUTE,
          times: 1,
        },
      ]);
    });

    it('lists the longest waiting first, by number at the same instant', async () => {
      await callbacks.request(BOB, 'b', 'sms', YEARS_AHEAD + MINUTE);
      await callbacks.request(ALICE_PLUS_ONE_DIGIT, 'a+', 'sms', YEARS_AHEAD);
      await callbacks.request(ALICE, 'a', 'sms', YEARS_AHEAD);
      expect((await callbacks.open()).map((callback) => callback.patient)).to.deep.equal([
        ALICE,
        ALICE_PLUS_ONE_DIGIT,
        BOB,
      ]);
    });

    it("resolves one patient's request alone, once", async () => {
      await callbacks.request(ALICE, 'a', 'sms', YEARS_AHEAD);
      await callbacks.request(BOB, 'b', 'sms', YEARS_AHEAD);
      expect(await callbacks.resolve(ALICE)).to.equal(true);
      expect(await callbacks.resolve(ALICE)).to.equal(false);
      expect((await callbacks.open()).map((callback) => callback.patient)).to.deep.equal([BOB]);
      await callbacks.request(ALICE, 'again, later', 'sms', YEARS_AHEAD + MINUTE);
      expect((await callbacks.open()).find((callback) => callback.patient === ALICE)).to.deep.include({
        firstRequestedAt: YEARS_AHEAD + MINUTE,
        times: 1,
      });
    });

    it('counts every one of many requests for one patient made at once', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => callbacks.request(ALICE, `reason ${i}`, 'sms', YEARS_AHEAD + i)),
      );
      const [only, ...others] = await callbacks.open();
      expect(others).to.deep.equal([]);
      expect(only).to.deep.include({ patient: ALICE, times: 10 });
    });

    it("keeps each clinic's requests to its own staff, the same patient's included", async () => {
      const theirs = await aStoreOf(aNewClinicId());
      await callbacks.request(ALICE, 'asked us', 'sms', YEARS_AHEAD);
      expect(await theirs.open()).to.deep.equal([]);
      expect(await theirs.resolve(ALICE)).to.equal(false);
      await theirs.request(ALICE, 'asked them', 'whatsapp', YEARS_AHEAD + MINUTE);
      const request = (reason: string, channel: string, at: number) => ({
        patient: ALICE,
        reason,
        channel,
        firstRequestedAt: at,
        lastRequestedAt: at,
        times: 1,
      });
      expect(await callbacks.open()).to.deep.equal([request('asked us', 'sms', YEARS_AHEAD)]);
      expect(await theirs.open()).to.deep.equal([request('asked them', 'whatsapp', YEARS_AHEAD + MINUTE)]);
      expect(await callbacks.resolve(ALICE)).to.equal(true);
      expect(await theirs.open()).to.have.length(1);
    });

    it('keeps every hand-off by its instant and channel, and answers those of a span, oldest first', async () => {
      await callbacks.request(BOB, 'b', 'whatsapp', YEARS_AHEAD + 2 * MINUTE);
      await callbacks.request(ALICE, 'a', 'sms', YEARS_AHEAD);
      await callbacks.request(ALICE_PLUS_ONE_DIGIT, 'a+', 'sms', YEARS_AHEAD + MINUTE);
      await callbacks.request(ALICE, 'after the span', 'sms', YEARS_AHEAD + 3 * MINUTE);
      expect(await callbacks.handoffsBetween(YEARS_AHEAD, YEARS_AHEAD + 3 * MINUTE)).to.deep.equal([
        { at: YEARS_AHEAD, channel: 'sms' },
        { at: YEARS_AHEAD + MINUTE, channel: 'sms' },
        { at: YEARS_AHEAD + 2 * MINUTE, channel: 'whatsapp' },
      ]);
      expect(await callbacks.handoffsBetween(YEARS_AHEAD + 1, YEARS_AHEAD + 2 * MINUTE + 1)).to.deep.equal([
        { at: YEARS_AHEAD + MINUTE, channel: 'sms' },
        { at: YEARS_AHEAD + 2 * MINUTE, channel: 'whatsapp' },
      ]);
      expect(await callbacks.handoffsBetween(YEARS_AHEAD - MINUTE, YEARS_AHEAD)).to.deep.equal([]);
    });

    it("counts a patient's every hand-off, while the request is open and after it is resolved", async () => {
      await callbacks.request(ALICE, 'billing question', 'sms', YEARS_AHEAD);
      await callbacks.request(ALICE, 'asked again', 'whatsapp', YEARS_AHEAD + MINUTE);
      expect(await callbacks.resolve(ALICE)).to.equal(true);
      await callbacks.request(ALICE, 'a new question', 'sms', YEARS_AHEAD + 2 * MINUTE);
      expect(await callbacks.resolve(ALICE)).to.equal(true);
      expect(await callbacks.handoffsBetween(YEARS_AHEAD, YEARS_AHEAD + DAY)).to.deep.equal([
        { at: YEARS_AHEAD, channel: 'sms' },
        { at: YEARS_AHEAD + MINUTE, channel: 'whatsapp' },
        { at: YEARS_AHEAD + 2 * MINUTE, channel: 'sms' },
      ]);
    });

    it('keeps every one of many hand-offs made at once, at the same instant included', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => callbacks.request(i % 2 ? ALICE : BOB, `reason ${i}`, 'sms', YEARS_AHEAD)),
      );
      expect(await callbacks.handoffsBetween(YEARS_AHEAD, YEARS_AHEAD + 1)).to.have.length(10);
    });

    it("counts each clinic's hand-offs for its own charts alone", async () => {
      const theirs = await aStoreOf(aNewClinicId());
      await callbacks.request(ALICE, 'asked us', 'sms', YEARS_AHEAD);
      await theirs.request(ALICE, 'asked them', 'whatsapp', YEARS_AHEAD + MINUTE);
      await theirs.request(BOB, 'asked them too', 'sms', YEARS_AHEAD + 2 * MINUTE);
      expect(await callbacks.handoffsBetween(YEARS_AHEAD, YEARS_AHEAD + DAY)).to.deep.equal([
        { at: YEARS_AHEAD, channel: 'sms' },
      ]);
      expect((await theirs.handoffsBetween(YEARS_AHEAD, YEARS_AHEAD + DAY)).map(({ at }) => at)).to.deep.equal([
        YEARS_AHEAD + MINUTE,
        YEARS_AHEAD + 2 * MINUTE,
      ]);
    });
  });
}
