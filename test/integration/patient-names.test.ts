import { expect } from 'chai';
import ICAL from 'ical.js';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { aClinic, aProvider, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { ALICE, BOB } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

/** The offline receptionist of a clinic with one provider; the clock stands at Monday 2 March 2026, 08:00 in New York. */
const CLINIC = aClinic({ providers: [aProvider('dr-lee')], numbers: [CLINIC_NUMBER] });
const ASK = /Could I have your name for the booking too\?/;

describe("the patient's name over texts and the chat (offline model, end to end)", () => {
  let server: TestServer;
  let messenger: RecordingMessenger;
  let logger: RecordingLogger;
  let sids = 0;
  beforeEach(async () => {
    messenger = new RecordingMessenger();
    logger = new RecordingLogger();
    server = await startTestServer({
      clinic: CLINIC,
      messenger,
      logger,
      outboxPollMs: 20,
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
    });
  });
  afterEach(() => server.close());

  const chat = async (message: string, phoneNumber = ALICE) => {
    const { status, body } = await server.request('POST', '/api/v1/chat', { phoneNumber, message });
    expect(status, JSON.stringify(body)).to.equal(200);
    return body.reply as string;
  };
  /** A text by SMS, answered in the webhook's TwiML. */
  const text = async (Body: string, From = ALICE) => {
    const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ MessageSid: `SM${String(++sids).padStart(32, '0')}`, From, To: CLINIC_NUMBER, Body }),
    });
    expect(response.status).to.equal(200);
    return (await response.text()).replace(/&apos;/g, "'");
  };
  const confirmations = () => messenger.sent.filter((sent) => / booked for /.test(sent.body)).map((sent) => sent.body);

  it('asks once by SMS while booking, books with the name, and greets and confirms by it on the next booking', async () => {
    expect(await text('can I book tomorrow at 10?')).to.match(ASK);
    expect(await text('yes, Ana Ruiz')).to.match(/Thanks, Ana! Booked: Tuesday, March 3 at 10:00/);

    // Booked on the chat, the confirmation goes out as a text of its own: the SMS reply already said it.
    expect(await chat('can I also book thursday at 11?')).not.to.match(ASK);
    expect(await chat('yes')).to.match(/^Thanks, Ana! Booked: Thursday, March 5 at 11:00/);
    await eventually(() => confirmations().length === 1, 'the confirmation to be sent');
    expect(confirmations()[0]).to.match(/^Test Clinic: thanks, Ana, your appointment is booked for Thursday 5 March/);

    const page = await server.request('GET', `/api/v1/patients/${encodeURIComponent(ALICE)}`);
    expect(page.body.patientName).to.equal('Ana Ruiz');
    const logged = JSON.stringify(logger.lines);
    expect(logged, 'the name is patient data, not for the logs').not.to.include('Ruiz');
  });

  it('books a patient who gives no name without asking again, and sends the confirmation without one', async () => {
    expect(await chat('can I book tomorrow at 10?')).to.match(ASK);
    expect(await chat('yes')).to.match(/^Booked: /);
    expect(await chat('and thursday at 11?')).not.to.match(ASK);
    await eventually(() => confirmations().length === 1, 'the confirmation to be sent');
    expect(confirmations()[0]).to.match(/^Test Clinic: your appointment is booked for /);
  });

  it('takes a new name from the patient by text, and keeps each patient to their own', async () => {
    await chat('my name is Ana Ruiz');
    expect(await chat('actually, call me Annie')).to.match(/^Thanks, Annie, I'll remember that\./);
    await chat('me llamo Roberto', BOB);
    const nameOf = async (patient: string) =>
      (await server.request('GET', `/api/v1/patients/${encodeURIComponent(patient)}`)).body.patientName;
    expect(await nameOf(ALICE)).to.equal('Annie');
    expect(await nameOf(BOB)).to.equal('Roberto');
  });
});

describe("the patient's name for staff (REST)", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ clinic: CLINIC });
  });
  afterEach(() => server.close());

  const rename = (name: unknown, patient = ALICE) =>
    server.request('PUT', `/api/v1/patients/${encodeURIComponent(patient)}/name`, { name });

  /** Alice holds and books Monday 9:00 with Dr. Lee over REST, each step answered 201. */
  const bookNineOClock = async () => {
    const slot = { slotId: '2026-03-02T0900-dr-lee', phoneNumber: ALICE };
    expect((await server.request('POST', '/api/v1/slots/hold', slot)).status).to.equal(201);
    expect((await server.request('POST', '/api/v1/appointments/confirm', slot)).status).to.equal(201);
  };

  it('sets the name, cleaned, shows it on the patient page and beside their appointments', async () => {
    const set = await rename('  Ana \u0000Ruiz ');
    expect(set.status).to.equal(200);
    expect(set.body).to.deep.equal({ phoneNumber: ALICE, patientName: 'Ana Ruiz' });
    await bookNineOClock();

    const page = await server.request('GET', `/api/v1/patients/${encodeURIComponent(ALICE)}`);
    expect(page.body.patientName).to.equal('Ana Ruiz');
    const listed = await server.request('GET', '/api/v1/appointments?date=2026-03-02');
    expect(listed.body.appointments.map((a: { patientName?: string }) => a.patientName)).to.deep.equal(['Ana Ruiz']);
    const unnamed = await server.request('GET', `/api/v1/patients/${encodeURIComponent(BOB)}`);
    expect(unnamed.body).not.to.have.property('patientName');
  });

  it('refuses an empty, over-long or missing name, naming the field and what was expected, and keeps the one it had', async () => {
    await rename('Ana');
    for (const name of ['   ', 'x'.repeat(81), 42]) {
      const refused = await rename(name);
      expect(refused.status).to.equal(400);
      expect(refused.body.error.code).to.equal('INVALID_REQUEST');
      expect(refused.body.error.message).to.include('name: expected a name of 1 to 80 characters');
    }
    const unknownField = await server.request('PUT', `/api/v1/patients/${encodeURIComponent(ALICE)}/name`, {
      firstName: 'Ana',
    });
    expect(unknownField.status).to.equal(400);
    expect((await server.request('GET', `/api/v1/patients/${encodeURIComponent(ALICE)}`)).body.patientName).to.equal(
      'Ana',
    );
  });

  it("shows the first name and the last digits in the provider's calendar feed, never the full name or number", async () => {
    await rename('Ana María Ruiz');
    await bookNineOClock();
    expect(
      (await server.request('POST', '/api/v1/slots/hold', { slotId: '2026-03-02T0930-dr-lee', phoneNumber: BOB }))
        .status,
    ).to.equal(201);
    expect(
      (
        await server.request('POST', '/api/v1/appointments/confirm', {
          slotId: '2026-03-02T0930-dr-lee',
          phoneNumber: BOB,
        })
      ).status,
    ).to.equal(201);

    const issued = await server.request('POST', `/api/v1/clinics/${CLINIC.id}/providers/dr-lee/calendar-feed`);
    const feed = await (await fetch(issued.body.url)).text();
    const summaries = new ICAL.Component(ICAL.parse(feed))
      .getAllSubcomponents('vevent')
      .map((vevent) => new ICAL.Event(vevent).summary);
    expect(summaries).to.deep.equal([`Appointment: Ana •••• ${ALICE.slice(-4)}`, `Appointment: •••• ${BOB.slice(-4)}`]);
    expect(feed).not.to.include('Ruiz').and.not.to.include('María').and.not.to.include(ALICE);
  });
});

describe("the patient's name for a clinic's own staff alone (console session)", () => {
  const OPERATOR = { Authorization: 'Bearer operator-token-for-tests-0123456789' };
  const PASSWORD = 'correct horse battery staple';
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ apiToken: OPERATOR.Authorization.slice(7) });
    for (const [id, number] of [
      ['lakeside', '+15557770001'],
      ['hilltop', '+15557770002'],
    ] as const) {
      const document = aClinic({
        id: id as ClinicId,
        name: `${id} clinic`,
        weeklyHours: { monday: [{ open: '09:00', close: '12:00' }] },
        numbers: [number as PhoneNumber],
      });
      expect((await server.request('PUT', `/api/v1/admin/clinics/${id}`, document, OPERATOR)).status).to.equal(201);
    }
    const member = { name: 'Ben Okafor', email: 'ben@lakeside.example', role: 'front-desk', password: PASSWORD };
    expect((await server.request('POST', '/api/v1/clinics/lakeside/staff', member, OPERATOR)).status).to.equal(201);
  });
  afterEach(() => server.close());

  /** Ben of Lakeside, signed in: his cookie and, unless left out, the CSRF token a change carries. */
  async function asBen() {
    const response = await fetch(`${server.url}/api/v1/console/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ben@lakeside.example', password: PASSWORD }),
    });
    const Cookie = /^console_session=[^;]+/.exec(response.headers.get('Set-Cookie') ?? '')![0];
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return (clinic: string, headers: Record<string, string> = { 'X-CSRF-Token': csrfToken }) =>
      fetch(`${server.url}/api/v1/clinics/${clinic}/patients/${encodeURIComponent(ALICE)}/name`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Cookie, ...headers },
        body: JSON.stringify({ name: 'Ana Ruiz' }),
      });
  }
  const nameAt = async (clinic: string) =>
    (
      await server.request(
        'GET',
        `/api/v1/clinics/${clinic}/patients/${encodeURIComponent(ALICE)}`,
        undefined,
        OPERATOR,
      )
    ).body.patientName;

  it("lets staff name their own clinic's patient, with the CSRF token, and answers another clinic as none", async () => {
    const rename = await asBen();
    const withoutToken = await rename('lakeside', {});
    expect(withoutToken.status).to.equal(403);
    expect(((await withoutToken.json()) as { error: { code: string } }).error.code).to.equal('CSRF_REJECTED');
    expect(await nameAt('lakeside')).to.equal(undefined);

    const elsewhere = await rename('hilltop');
    expect(elsewhere.status).to.equal(404);
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).to.equal('CLINIC_NOT_FOUND');
    expect(await nameAt('hilltop')).to.equal(undefined);

    expect((await rename('lakeside')).status).to.equal(200);
    expect(await nameAt('lakeside')).to.equal('Ana Ruiz');
    expect(await nameAt('hilltop'), 'the same number at another clinic is another patient').to.equal(undefined);
  });
});
