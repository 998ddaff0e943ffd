import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { InterceptedStore } from '../support/intercepted-store.js';
import { ALICE, BOB } from '../support/patients.js';
import {
  expectNoPatientData,
  type PrometheusScrape,
  parsePrometheusText,
  scrapeMetrics,
} from '../support/prometheus-text.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'a-long-enough-api-token';
const BEARER = { Authorization: `Bearer ${TOKEN}` };
const REQUESTS = 'receptionist_http_request_duration_seconds_count';
const NINE = '2026-03-02T0900';
const TEN = '2026-03-02T1000';
const CHANGES = [
  'receptionist_holds_total',
  'receptionist_bookings_total',
  'receptionist_reschedules_total',
  'receptionist_cancellations_total',
  'receptionist_booking_conflicts_total',
];

/** How far each of `names` moved between two scrapes. */
const movedBetween = (before: PrometheusScrape, after: PrometheusScrape, names: string[]) =>
  Object.fromEntries(names.map((name) => [name, after.movedSince(before, name)]));

describe('GET /metrics', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('is refused 401 without the API token, like the API, and served in the text format with it', async () => {
    server = await startTestServer({ apiToken: TOKEN });
    const refused = await server.request('GET', '/metrics');
    expect(refused.status).to.equal(401);
    expect(refused.body.error.code).to.equal('UNAUTHORIZED');
    const scrape = await scrapeMetrics(server.url, BEARER);
    expect(scrape.value(REQUESTS, { route: '/metrics', status: '401' })).to.equal(1);
  });

  it("counts each request under its route's pattern and its status, with its time, never its URL", async () => {
    server = await startTestServer({ apiToken: TOKEN });
    const before = await scrapeMetrics(server.url, BEARER);
    await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`, undefined, BEARER);
    await server.request('POST', '/api/v1/appointments/apt_unknown/cancel', { phoneNumber: ALICE }, BEARER);
    await server.request('POST', '/api/v1/appointments/apt_unknown/cancel', { phoneNumber: ALICE });
    await server.request('GET', '/api/v1/nowhere/apt_unknown', undefined, BEARER);
    const after = await scrapeMetrics(server.url, BEARER);
    const moved = (labels: Record<string, string>) => after.movedSince(before, REQUESTS, labels);
    expect(moved({ method: 'GET', route: '/api/v1/appointments', status: '200' })).to.equal(1);
    expect(moved({ method: 'POST', route: '/api/v1/appointments/:id/cancel', status: '404' })).to.equal(1);
    // Refused before it reached its route, and still counted there.
    expect(moved({ method: 'POST', route: '/api/v1/appointments/:id/cancel', status: '401' })).to.equal(1);
    expect(moved({ method: 'GET', route: 'unmatched', status: '404' })).to.equal(1);
    const cancels = { route: '/api/v1/appointments/:id/cancel', status: '404' };
    expect(after.value('receptionist_http_request_duration_seconds_bucket', { ...cancels, le: '+Inf' })).to.equal(1);
    expect(after.value('receptionist_http_request_duration_seconds_sum', cancels)).to.be.above(0);
    expectNoPatientData(after, 'apt_unknown', 'nowhere');
  });

  it("carries the process's own figures, and counts each server in a process apart", async () => {
    server = await startTestServer();
    const other = await startTestServer();
    try {
      await server.request('GET', '/api/v1/healthz');
      const [ours, theirs] = [await scrapeMetrics(server.url), await scrapeMetrics(other.url)];
      expect(ours.value(REQUESTS, { route: '/api/v1/healthz' })).to.equal(1);
      expect(theirs.value(REQUESTS, { route: '/api/v1/healthz' })).to.equal(0);
      for (const scrape of [ours, theirs]) {
        expect(scrape.types.get('process_cpu_user_seconds_total')).to.equal('counter');
        expect(scrape.value('nodejs_heap_size_used_bytes')).to.be.above(0);
      }
    } finally {
      await other.close();
    }
  });

  it('counts a hold, a booking, a move and a cancellation once each, a confirmation repeated not again', async () => {
    server = await startTestServer();
    const before = await scrapeMetrics(server.url);
    const hold = { slotId: NINE, phoneNumber: ALICE };
    expect((await server.request('POST', '/api/v1/slots/hold', hold)).status).to.equal(201);
    const booked = await server.request('POST', '/api/v1/appointments/confirm', hold);
    expect((await server.request('POST', '/api/v1/appointments/confirm', hold)).body).to.deep.equal(booked.body);
    const id = booked.body.appointmentId;
    const move = { phoneNumber: ALICE, newSlotId: TEN };
    expect((await server.request('POST', `/api/v1/appointments/${id}/reschedule`, move)).status).to.equal(200);
    const cancel = { phoneNumber: ALICE };
    expect((await server.request('POST', `/api/v1/appointments/${id}/cancel`, cancel)).status).to.equal(200);
    expect((await server.request('POST', `/api/v1/appointments/${id}/cancel`, cancel)).status).to.equal(409);
    const after = await scrapeMetrics(server.url);
    expect(movedBetween(before, after, CHANGES)).to.deep.equal({
      receptionist_holds_total: 1,
      receptionist_bookings_total: 1,
      receptionist_reschedules_total: 1,
      receptionist_cancellations_total: 1,
      receptionist_booking_conflicts_total: 0,
    });
    expectNoPatientData(after, id);
  });

  it('counts a commit that lost a race as a conflict, and only the hold that won', async () => {
    // The first two commits wait for each other, so both holds have read the slot before either writes.
    let bothRead: () => void;
    const ready = new Promise<void>((resolve) => (bothRead = resolve));
    const store = new InterceptedStore(new InMemoryBookingStore(), async (n) => {
      if (n === 1) bothRead();
      if (n < 2) await ready;
    });
    server = await startTestServer({ store });
    const before = await scrapeMetrics(server.url);
    const statuses = await Promise.all(
      [ALICE, BOB].map(
        async (phoneNumber) =>
          (await server.request('POST', '/api/v1/slots/hold', { slotId: NINE, phoneNumber })).status,
      ),
    );
    expect(statuses.sort()).to.deep.equal([201, 409]);
    expect(store.outcomes.filter((outcome) => !outcome.committed)).to.have.length(1);
    const moved = movedBetween(before, await scrapeMetrics(server.url), CHANGES);
    expect(moved).to.include({ receptionist_holds_total: 1, receptionist_booking_conflicts_total: 1 });
  });

  it('is read strictly by these tests: escaped label values kept, a malformed line refused', () => {
    const scrape = parsePrometheusText(
      '# HELP a_total A.\n# TYPE a_total counter\na_total{b="say \\"hi\\"\\\\",c="x}y"} 2\na_total{b="z"} +Inf\n',
    );
    expect(scrape.samples[0]!.labels).to.deep.equal({ b: 'say "hi"\\', c: 'x}y' });
    expect(scrape.value('a_total')).to.equal(Infinity);
    expect(() => scrape.value('a_totl')).to.throw('no metric a_totl');
    expect(() => parsePrometheusText('a_total{b="unterminated} 1\n')).to.throw('malformed labels');
    expect(() => parsePrometheusText('a_total one\n')).to.throw('not a value');
  });
});
