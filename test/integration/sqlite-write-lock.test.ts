import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { SqliteConversationStore } from '../../src/adapters/sqlite/sqlite-conversation-store.js';
import { SqliteOptOuts } from '../../src/adapters/sqlite/sqlite-opt-outs.js';
import { SqliteStaffCallbacks } from '../../src/adapters/sqlite/sqlite-staff-callbacks.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { aSlot } from '../support/booking-builders.js';
import { CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { rejectionOf } from '../support/rejection-of.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { type HeldWriteLock, holdWriteLock } from '../support/sqlite-write-lock.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS, withoutRequestId } from '../support/test-server.js';
import { MONDAY_10AM } from '../support/times.js';

/** Shorter than the stores' retries last: a write waiting for it gets through. */
const BRIEF_LOCK_MS = 1_000;
/** Longer than the stores' retries last: a write waiting for it gives up. */
const LONG_LOCK_MS = 4_000;

const NINE = aSlot().slotId;
const DAY = '2026-03-02';

const directory = mkdtempSync(join(tmpdir(), 'clinic-sqlite-lock-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const aFile = () => join(directory, `clinic-${files++}.sqlite`);

/** The answer to a request, and when it came (epoch ms, as the lock's release is told). */
async function timed(request: Promise<Response>) {
  const response = await request;
  const text = await response.text();
  return {
    at: Date.now(),
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: response.headers.get('content-type')?.includes('json') ? withoutRequestId(JSON.parse(text), response) : text,
  };
}

describe('the server on a SQLite file whose write lock another process holds', () => {
  let path: string;
  let server: TestServer;
  let model: EchoLanguageModel;
  let lock: HeldWriteLock | undefined;
  beforeEach(async () => {
    path = aFile();
    model = new EchoLanguageModel();
    server = await startTestServer({
      storage: 'sqlite',
      sqlitePath: path,
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
      languageModel: model,
    });
  });
  afterEach(async () => {
    lock?.kill();
    await server.close();
  });

  const get = (route: string) => timed(fetch(`${server.url}/api/v1${route}`));
  const hold = (phoneNumber: string) =>
    timed(
      fetch(`${server.url}/api/v1/slots/hold`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ slotId: NINE, phoneNumber }),
      }),
    );
  const text = (messageSid: string) =>
    timed(
      fetch(`${server.url}/api/v1/sms/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ MessageSid: messageSid, From: BOB, To: CLINIC_NUMBER, Body: 'hello' }).toString(),
      }),
    );
  const nine = async () =>
    (await get(`/slots?date=${DAY}`)).body.slots.find(({ slotId }: { slotId: string }) => slotId === NINE);

  it('answers /healthz, /readyz and slot listings while a hold waits for the lock, then takes the hold', async () => {
    lock = await holdWriteLock(path, BRIEF_LOCK_MS);
    const waiting = hold(ALICE);
    const answers = [await get('/healthz'), await get('/readyz'), await get(`/slots?date=${DAY}`)];
    const released = await lock.released;

    for (const answer of answers) {
      expect(answer.status).to.equal(200);
      expect(answer.at, 'answered while the lock was held').to.be.below(released);
    }
    expect((await waiting).status).to.equal(201);
  });

  it('answers a hold and a text 503 with Retry-After while the lock outlasts its retries, and keeps nothing of them', async () => {
    lock = await holdWriteLock(path, LONG_LOCK_MS);
    const [refusedHold, refusedText] = await Promise.all([hold(ALICE), text('SM-while-locked')]);
    const released = await lock.released;

    for (const refused of [refusedHold, refusedText]) {
      expect(refused.at, 'answered while the lock was held').to.be.below(released);
      expect(refused).to.deep.include({
        status: 503,
        retryAfter: '5',
        body: {
          error: { code: 'STORE_UNAVAILABLE', message: 'the appointment store is busy; try again in a few seconds' },
        },
      });
    }
    expect(await nine()).to.include({ status: 'AVAILABLE' });
    expect((await hold(ALICE)).status, 'a hold once the lock is released').to.equal(201);
    expect(await nine()).to.include({ status: 'HELD' });
    // Twilio's retry of the text is a fresh try, not "already answered".
    expect((await text('SM-while-locked')).body).to.include('<Message>You said: hello</Message>');
    // The locked try stopped at its first write (the patient's language, remembered before the model is
    // asked), so only the retry reached the model.
    expect(model.calls).to.equal(1);
  });
});

describe('each SQLite store while another process holds the write lock', () => {
  it('gives up a write with StoreUnavailableError without holding up the event loop, and takes it once the lock is gone', async () => {
    const path = aFile();
    const bookings = new SqliteBookingStore(path, CLINIC_ID);
    const conversations = new SqliteConversationStore(path, CLINIC_ID);
    const optOuts = new SqliteOptOuts(path, CLINIC_ID);
    const callbacks = new SqliteStaffCallbacks(path, CLINIC_ID);
    const writes = [
      () => bookings.addMissingSlots([aSlot({ version: 0 })]),
      () => conversations.append(ALICE, [{ role: 'patient', text: 'hello' }], MONDAY_10AM),
      () => optOuts.optOut(ALICE, MONDAY_10AM),
      () => callbacks.request(ALICE, 'wants a person', 'sms', MONDAY_10AM),
    ];
    try {
      const lock = await holdWriteLock(path, LONG_LOCK_MS - 1_000, 'IMMEDIATE');
      const ticked = sleep(50).then(() => Date.now());
      const refusals = await Promise.all(writes.map((write) => rejectionOf(write())));
      const released = await lock.released;

      expect(await ticked, 'a timer fired while the lock was held').to.be.below(released);
      for (const refusal of refusals) expect(refusal).to.be.instanceOf(StoreUnavailableError);
      expect([await bookings.slot(NINE), await optOuts.isOptedOut(ALICE)]).to.deep.equal([undefined, false]);

      for (const write of writes) await write();
      expect(await bookings.slot(NINE)).to.include({ status: 'AVAILABLE' });
      expect(await conversations.recent(ALICE, MONDAY_10AM)).to.have.length(1);
      expect(await optOuts.isOptedOut(ALICE)).to.equal(true);
      expect(await callbacks.open()).to.have.length(1);
    } finally {
      await Promise.all([bookings.close(), conversations.close(), optOuts.close(), callbacks.close()]);
    }
  });
});
