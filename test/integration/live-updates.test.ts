import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { type EventStreamClient, openEventStream } from '../support/event-stream-client.js';
import { eventually } from '../support/eventually.js';
import { ALICE, BOB } from '../support/patients.js';
import { startServerProcess } from '../support/server-process.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const MONDAY = { from: '2026-03-02T00:00:00-05:00', to: '2026-03-03T00:00:00-05:00' };
const TUESDAY = { from: '2026-03-03T00:00:00-05:00', to: '2026-03-04T00:00:00-05:00' };
const MONDAY_NINE = '2026-03-02T0900';
const API_TOKEN = 'an-operator-token-for-tests';
const AUTHORIZED = { Authorization: `Bearer ${API_TOKEN}` };

const slotIdsOf = (stream: EventStreamClient) =>
  stream.events.filter(({ event }) => event === 'slots').map(({ data }) => JSON.parse(data).slotIds);

describe('live updates of slots (Server-Sent Events)', () => {
  let server: TestServer;
  const streams: EventStreamClient[] = [];
  const open = async (span: { from: string; to: string }, path = `/api/v1/clinics/${CLINIC_ID}/events`) => {
    const stream = await openEventStream(`${server.url}${path}?${new URLSearchParams(span)}`, AUTHORIZED);
    streams.push(stream);
    return stream;
  };

  beforeEach(async () => {
    server = await startTestServer({ apiToken: API_TOKEN, consolePollMs: 100, twilio: UNSIGNED_LOCAL_WEBHOOKS });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await server.close();
  });

  it('streams, unbuffered and uncached, a slots event naming a slot held over the REST API', async () => {
    const stream = await open(MONDAY);
    expect(stream.status).to.equal(200);
    expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).to.equal('no-cache');
    expect(stream.headers.get('x-accel-buffering')).to.equal('no');
    expect(stream.headers.get('content-encoding')).to.equal(null);
    const held = await server.request(
      'POST',
      '/api/v1/slots/hold',
      { slotId: MONDAY_NINE, phoneNumber: ALICE },
      AUTHORIZED,
    );
    expect(held.status).to.equal(201);
    await eventually(() => slotIdsOf(stream).length > 0, 'a slots event');
    expect(slotIdsOf(stream)).to.deep.equal([[MONDAY_NINE]]);
  });

  it('tells of the slot a patient holds and then books by text', async () => {
    const stream = await open(TUESDAY);
    let sids = 0;
    const text = async (body: string) => {
      const form = { MessageSid: `SM${String(++sids).padStart(32, '0')}`, From: ALICE, To: CLINIC_NUMBER, Body: body };
      const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      expect(response.status).to.equal(200);
      await response.text();
    };
    await text('can I book tomorrow at 10am?');
    await eventually(() => slotIdsOf(stream).length === 1, 'the hold told');
    await text('yes');
    await eventually(() => slotIdsOf(stream).length === 2, 'the booking told');
    expect(slotIdsOf(stream)).to.deep.equal([['2026-03-03T1000'], ['2026-03-03T1000']]);
  });

  it('serves the same stream without the clinic in the path while the deployment has one clinic', async () => {
    const stream = await open(MONDAY, '/api/v1/events');
    await server.request('POST', '/api/v1/slots/hold', { slotId: MONDAY_NINE, phoneNumber: BOB }, AUTHORIZED);
    await eventually(() => slotIdsOf(stream).length > 0, 'a slots event');
    expect(slotIdsOf(stream)).to.deep.equal([[MONDAY_NINE]]);
  });

  it('tells a stream nothing of a slot outside its span', async () => {
    const [monday, tuesday] = [await open(MONDAY), await open(TUESDAY)];
    await server.request('POST', '/api/v1/slots/hold', { slotId: MONDAY_NINE, phoneNumber: ALICE }, AUTHORIZED);
    await eventually(() => slotIdsOf(monday).length > 0, "Monday's event");
    // Tuesday's stream is read in the same ticks as Monday's: several more pass before it is looked at.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tuesday.events).to.deep.equal([]);
  });

  it('tells of a hold that expires on the clinic clock, though nothing is written then', async () => {
    await server.request('POST', '/api/v1/slots/hold', { slotId: MONDAY_NINE, phoneNumber: ALICE }, AUTHORIZED);
    const stream = await open(MONDAY);
    server.clock.advanceMinutes(10);
    await eventually(() => slotIdsOf(stream).length > 0, 'the expiry told');
    expect(slotIdsOf(stream)).to.deep.equal([[MONDAY_NINE]]);
  });

  it("refuses a stream without the clinic's credentials, as every clinic route", async () => {
    const stream = await openEventStream(
      `${server.url}/api/v1/clinics/${CLINIC_ID}/events?${new URLSearchParams(MONDAY)}`,
    );
    streams.push(stream);
    expect(stream.status).to.equal(401);
    const other = await open(MONDAY, '/api/v1/clinics/another-clinic/events');
    expect(other.status).to.equal(404);
  });

  it('refuses a span that is missing, unreadable, backwards or longer than 31 days, naming the field', async () => {
    const ask = async (query: Record<string, string>) =>
      server.request('GET', `/api/v1/clinics/${CLINIC_ID}/events?${new URLSearchParams(query)}`, undefined, AUTHORIZED);
    const cases: [Record<string, string>, RegExp][] = [
      [{ from: MONDAY.from }, /^to: expected an ISO-8601/],
      [{ from: 'monday', to: MONDAY.to }, /^from: expected an ISO-8601 date-time/],
      [{ from: MONDAY.to, to: MONDAY.from }, /^to: expected a time after from/],
      [{ from: '2026-03-01T00:00:00Z', to: '2026-04-02T00:00:00Z' }, /at most 31 days/],
      [{ ...MONDAY, date: '2026-03-02' }, /^date: unknown field/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await ask(query);
      expect(status, JSON.stringify(query)).to.equal(400);
      expect(body.error.code).to.equal('INVALID_REQUEST');
      expect(body.error.message, JSON.stringify(query)).to.match(message);
    }
  });

  it('ends open streams at once when the server stops, rather than waiting out its grace time', async () => {
    const stream = await open(MONDAY);
    const started = Date.now();
    await server.close();
    await stream.ended;
    expect(Date.now() - started).to.be.below(2_000);
  });
});

describe('live updates across servers sharing one SQLite file', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-live-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it("shows on server A's stream a slot held on server B", async function () {
    this.timeout(90_000);
    const env = { STORAGE: 'sqlite', SQLITE_PATH: join(directory, 'clinic.sqlite'), CONSOLE_POLL_MS: '200' };
    const a = await startServerProcess(env);
    const b = await startServerProcess(env).catch(async (error) => {
      await a.stop();
      throw error;
    });
    let stream: EventStreamClient | undefined;
    try {
      const span = { from: new Date().toISOString(), to: new Date(Date.now() + 14 * 86_400_000).toISOString() };
      const { slots } = await (
        await fetch(`${b.url}/api/v1/slots?${new URLSearchParams({ ...span, status: 'available' })}`)
      ).json();
      const [slot, later] = slots as { slotId: string; start: string }[];
      stream = await openEventStream(
        `${a.url}/api/v1/events?${new URLSearchParams({ from: span.from, to: later!.start })}`,
      );
      expect(stream.status).to.equal(200);
      const hold = (slotId: string) =>
        fetch(`${b.url}/api/v1/slots/hold`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ slotId, phoneNumber: ALICE }),
        });
      // The later slot starts where the stream's span ends: holding it tells nothing.
      expect((await hold(later!.slotId)).status).to.equal(201);
      expect((await hold(slot!.slotId)).status).to.equal(201);
      await eventually(() => slotIdsOf(stream!).length > 0, "the event on A's stream");
      expect(slotIdsOf(stream)).to.deep.equal([[slot!.slotId]]);
    } finally {
      stream?.close();
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
