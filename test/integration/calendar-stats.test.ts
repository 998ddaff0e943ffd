import { expect } from 'chai';
import ICAL from 'ical.js';
import { aClinic, aProvider, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB, CALLER, CAROL } from '../support/patients.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const CLINIC = aClinic({ providers: [aProvider('dr-lee'), aProvider('dr-kim')], numbers: [CLINIC_NUMBER] });
const ROTATE_LEE = `/api/v1/clinics/${CLINIC.id}/providers/dr-lee/calendar-feed`;

async function book(server: TestServer, slotId: string, phoneNumber: string) {
  expect((await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber })).status).to.equal(201);
  const { status, body } = await server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber });
  expect(status, JSON.stringify(body)).to.equal(201);
  return body as { appointmentId: string; start: string; end: string; channel: string };
}

async function fetchFeed(url: string) {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('Content-Type'), text: await response.text() };
}

describe("providers' calendar feeds (REST, iCalendar)", () => {
  let server: TestServer;
  let alices: Awaited<ReturnType<typeof book>>;
  let bobs: Awaited<ReturnType<typeof book>>;
  beforeEach(async () => {
    server = await startTestServer({ clinic: CLINIC });
    alices = await book(server, '2026-03-02T0900-dr-lee', ALICE);
    bobs = await book(server, '2026-03-03T1000-dr-lee', BOB);
    await book(server, '2026-03-02T0900-dr-kim', CAROL);
    const cancelled = await server.request('POST', `/api/v1/appointments/${bobs.appointmentId}/cancel`, {
      phoneNumber: BOB,
    });
    expect(cancelled.status).to.equal(200);
  });
  afterEach(() => server.close());

  it("serves the provider's booked appointments, field for field, with patients shown by their last digits alone", async () => {
    const issued = await server.request('POST', ROTATE_LEE);
    expect(issued.status).to.equal(201);
    expect(issued.body.url).to.match(
      new RegExp(`^${server.url}/api/v1/calendar/${CLINIC.id}/dr-lee/[A-Za-z0-9_-]{43}\\.ics$`),
    );

    const feed = await fetchFeed(issued.body.url);
    expect(feed.status).to.equal(200);
    expect(feed.type).to.equal('text/calendar; charset=utf-8');
    const events = new ICAL.Component(ICAL.parse(feed.text))
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent));
    expect(
      events.map((event) => ({
        uid: event.uid,
        start: event.startDate.toJSDate().getTime(),
        end: event.endDate.toJSDate().getTime(),
        summary: event.summary,
      })),
    ).to.deep.equal([
      {
        uid: `${alices.appointmentId}@${CLINIC.id}`,
        start: Date.parse(alices.start),
        end: Date.parse(alices.end),
        summary: 'Appointment: •••• 0001',
      },
    ]);
    for (const patient of [ALICE, BOB, CAROL]) expect(feed.text).to.not.include(patient.slice(1));
  });

  it('answers the URL a rotation replaced 404, and the new one with the feed', async () => {
    const first = (await server.request('POST', ROTATE_LEE)).body.url as string;
    const second = (await server.request('POST', ROTATE_LEE)).body.url as string;
    expect(second).to.not.equal(first);

    const old = await fetchFeed(first);
    expect(old.status).to.equal(404);
    expect(JSON.parse(old.text).error).to.include({ code: 'FEED_NOT_FOUND' });
    expect((await fetchFeed(second)).status).to.equal(200);
    // Another provider's path with this provider's secret opens nothing either.
    expect((await fetchFeed(second.replace('/dr-lee/', '/dr-kim/'))).status).to.equal(404);
  });

  it('refuses a provider the clinic does not have, naming providerId', async () => {
    const { status, body } = await server.request(
      'POST',
      `/api/v1/clinics/${CLINIC.id}/providers/dr-who/calendar-feed`,
    );
    expect(status).to.equal(404);
    expect(body.error).to.deep.equal({
      code: 'PROVIDER_NOT_FOUND',
      message: "providerId: expected the id of one of this clinic's providers",
    });
  });

  it('shows where each appointment was booked in its JSON', async () => {
    expect(alices.channel).to.equal('api');
    const listed = await server.request('GET', '/api/v1/appointments?date=2026-03-02');
    expect(listed.body.appointments.map((a: { channel: string }) => a.channel)).to.deep.equal(['api', 'api']);
  });
});

describe('calendar feeds on a server with an API token', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clinic: CLINIC, apiToken: 'operator-secret' });
  });
  after(() => server.close());

  it('rotates only for a bearer, and serves the feed to a calendar client that sends none', async () => {
    expect((await server.request('POST', ROTATE_LEE)).status).to.equal(401);
    const issued = await server.request('POST', ROTATE_LEE, undefined, { Authorization: 'Bearer operator-secret' });
    expect(issued.status).to.equal(201);
    expect((await fetchFeed(issued.body.url)).status).to.equal(200);
  });
});

describe("a clinic's activity by day (REST)", () => {
  let server: TestServer;
  let sids = 0;
  before(async () => {
    server = await startTestServer({ clinic: CLINIC, twilio: UNSIGNED_LOCAL_WEBHOOKS });
  });
  after(() => server.close());

  const text = async (From: string, Body: string) => {
    const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ MessageSid: `SM${String(++sids).padStart(32, '0')}`, From, To: CLINIC_NUMBER, Body }),
    });
    expect(response.status).to.equal(200);
    return response.text();
  };
  const chat = async (phoneNumber: string, message: string) =>
    (await server.request('POST', '/api/v1/chat', { phoneNumber, message })).body.reply as string;
  const stats = (query: string) => server.request('GET', `/api/v1/clinics/${CLINIC.id}/stats?${query}`);

  it('counts bookings by channel, cancellations and hand-offs on the day they happened, and zeros on the others', async () => {
    await text(BOB, 'can I book tomorrow at 10am?');
    expect(await text(BOB, 'yes')).to.match(/booked|confirmed/i);
    await chat(ALICE, 'book wednesday at 9');
    expect(await chat(ALICE, 'yes')).to.match(/booked|confirmed/i);
    const byRest = await book(server, '2026-03-05T1100-dr-kim', CAROL);
    await server.request('POST', `/api/v1/appointments/${byRest.appointmentId}/cancel`, { phoneNumber: CAROL });
    // Handed off, called back, then handed off twice more: three hand-offs, though one request is open.
    expect(await chat(CALLER, 'Is it normal to have a fever after a flu shot?')).to.match(/staff/i);
    const resolved = await server.request('POST', `/api/v1/clinics/${CLINIC.id}/staff-callbacks/resolve`, {
      phoneNumber: CALLER,
    });
    expect(resolved.status).to.equal(200);
    expect(await chat(CALLER, 'Is it normal to have a fever after a flu shot?')).to.match(/staff/i);
    expect(await chat(CALLER, 'Should I take something for the fever?')).to.match(/staff/i);
    const open = await server.request('GET', `/api/v1/clinics/${CLINIC.id}/staff-callbacks`);
    expect(open.body.callbacks.find((c: { phoneNumber: string }) => c.phoneNumber === CALLER)).to.deep.include({
      timesAsked: 2,
    });

    const channels = await server.request(
      'GET',
      '/api/v1/appointments?from=2026-03-02T00:00:00-05:00&to=2026-03-06T00:00:00-05:00',
    );
    expect(channels.body.appointments.map((a: { channel: string }) => a.channel)).to.deep.equal(['sms', 'chat', 'api']);

    const { status, body } = await stats('from=2026-03-01&to=2026-03-03');
    expect(status).to.equal(200);
    const none = { sms: 0, whatsapp: 0, voice: 0, chat: 0, api: 0, console: 0 };
    expect(body).to.deep.equal({
      days: [
        { date: '2026-03-01', bookings: none, cancellations: 0, handoffs: 0 },
        { date: '2026-03-02', bookings: { ...none, sms: 1, chat: 1, api: 1 }, cancellations: 1, handoffs: 3 },
        { date: '2026-03-03', bookings: none, cancellations: 0, handoffs: 0 },
      ],
    });
  });

  it('refuses a span that is not days, runs backwards or is longer than 92 days, naming the field', async () => {
    const refusal = async (query: string) => {
      const { status, body } = await stats(query);
      return { status, message: body.error.message };
    };
    expect(await refusal('from=2026-03-02')).to.deep.include({ status: 400 });
    expect((await refusal('from=2026-03-02')).message).to.match(/^to: /);
    expect(await refusal('from=2026-3-2&to=2026-03-03')).to.deep.equal({
      status: 400,
      message: 'from: expected a clinic-local day YYYY-MM-DD, from 0001-01-01 to 9999-12-31',
    });
    const backwards = 'to: expected a day from from to 91 days after it (at most 92 days)';
    expect(await refusal('from=2026-03-02&to=2026-03-01')).to.deep.equal({ status: 400, message: backwards });
    expect(await refusal('from=2026-01-01&to=2026-04-03')).to.deep.equal({ status: 400, message: backwards });
    expect((await stats('from=2026-01-01&to=2026-04-02')).body.days).to.have.length(92);
  });
});
