import { expect } from 'chai';
import type { StaffCallbacks } from '../../src/ports/staff-callbacks.js';
import { ALICE, ALICE_PLUS_ONE_DIGIT, BOB } from '../support/patients.js';

/** Years away from the real clock, so a store that reads the clock instead of `now` fails. */
const T0 = Date.UTC(2031, 2, 3, 14, 0);
const MINUTE = 60_000;

/** What every store of staff callbacks must do: one open request per patient, until staff resolve it. */
export function staffCallbacksContract(name: string, make: () => Promise<StaffCallbacks>) {
  describe(`${name} staff callbacks (contract)`, () => {
    let callbacks: StaffCallbacks;
    beforeEach(async () => {
      callbacks = await make();
    });
    afterEach(() => callbacks.close());

    it('has nothing open at first, and resolves nothing', async () => {
      expect(await callbacks.open()).to.deep.equal([]);
      expect(await callbacks.resolve(ALICE)).to.equal(false);
    });

    it('keeps a request as asked, words beyond ASCII included', async () => {
      await callbacks.request(ALICE, 'Question about her prescription — “urgent” 💊', 'whatsapp', T0);
      expect(await callbacks.open()).to.deep.equal([
        {
          patient: ALICE,
          reason: 'Question about her prescription — “urgent” 💊',
          channel: 'whatsapp',
          firstRequestedAt: T0,
          lastRequestedAt: T0,
          times: 1,
        },
      ]);
    });

    it('keeps one request per patient: asking again updates the reason and channel, and counts', async () => {
      await callbacks.request(ALICE, 'billing question', 'sms', T0);
      await callbacks.request(ALICE_PLUS_ONE_DIGIT, 'another patient', 'sms', T0 + MINUTE);
      await callbacks.request(ALICE, 'asked for a person', 'whatsapp', T0 + 2 * MINUTE);
      expect(await callbacks.open()).to.deep.equal([
        {
          patient: ALICE,
          reason: 'asked for a person',
          channel: 'whatsapp',
          firstRequestedAt: T0,
          lastRequestedAt: T0 + 2 * MINUTE,
          times: 2,
        },
        {
          patient: ALICE_PLUS_ONE_DIGIT,
          reason: 'another patient',
          channel: 'sms',
          firstRequestedAt: T0 + MINUTE,
          lastRequestedAt: T0 + MINUTE,
          times: 1,
        },
      ]);
    });

    it('lists the longest waiting first, by number at the same instant', async () => {
      await callbacks.request(BOB, 'b', 'sms', T0 + MINUTE);
      await callbacks.request(ALICE_PLUS_ONE_DIGIT, 'a+', 'sms', T0);
      await callbacks.request(ALICE, 'a', 'sms', T0);
      expect((await callbacks.open()).map((callback) => callback.patient)).to.deep.equal([
        ALICE,
        ALICE_PLUS_ONE_DIGIT,
        BOB,
      ]);
    });

    it("resolves one patient's request alone, once", async () => {
      await callbacks.request(ALICE, 'a', 'sms', T0);
      await callbacks.request(BOB, 'b', 'sms', T0);
      expect(await callbacks.resolve(ALICE)).to.equal(true);
      expect(await callbacks.resolve(ALICE)).to.equal(false);
      expect((await callbacks.open()).map((callback) => callback.patient)).to.deep.equal([BOB]);
      await callbacks.request(ALICE, 'again, later', 'sms', T0 + MINUTE);
      expect((await callbacks.open()).find((callback) => callback.patient === ALICE)).to.deep.include({
        firstRequestedAt: T0 + MINUTE,
        times: 1,
      });
    });

    it('counts every one of many requests for one patient made at once', async () => {
      await Promise.all(Array.from({ length: 10 }, (_, i) => callbacks.request(ALICE, `reason ${i}`, 'sms', T0 + i)));
      const [only, ...others] = await callbacks.open();
      expect(others).to.deep.equal([]);
      expect(only).to.deep.include({ patient: ALICE, times: 10 });
    });
  });
}
