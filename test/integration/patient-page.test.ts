import { expect } from 'chai';
import { CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const API_TOKEN = 'an-operator-token-for-tests';
const AUTHORIZED = { Authorization: `Bearer ${API_TOKEN}` };
const pageOf = (number: string) => `/api/v1/clinics/${CLINIC_ID}/patients/${encodeURIComponent(number)}`;

describe("a patient's page, for staff", () => {
  let server: TestServer;
  let logger: RecordingLogger;
  let sids = 0;

  beforeEach(async () => {
    logger = new RecordingLogger();
    server = await startTestServer({
      apiToken: API_TOKEN,
      twilio: UNSIGNED_LOCAL_WEBHOOKS,
      languageModel: new EchoLanguageModel(),
      logger,
    });
  });
  afterEach(() => server.close());

  const text = async (from: string, body: string) => {
    const form = { MessageSid: `SM${String(++sids).padStart(32, '0')}`, From: from, To: CLINIC_NUMBER, Body: body };
    const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    expect(response.status).to.equal(200);
    await response.text();
  };
  const book = async (slotId: string, patient: string) => {
    const body = { slotId, phoneNumber: patient };
    expect((await server.request('POST', '/api/v1/slots/hold', body, AUTHORIZED)).status).to.equal(201);
    const confirmed = await server.request('POST', '/api/v1/appointments/confirm', body, AUTHORIZED);
    expect(confirmed.status).to.equal(201);
    return confirmed.body;
  };

  it('shows her appointments, the latest first, and what she and the receptionist texted, with when', async () => {
    const monday = await book('2026-03-02T0900', ALICE);
    const tuesday = await book('2026-03-03T1000', ALICE);
    const cancelled = await server.request(
      'POST',
      `/api/v1/appointments/${monday.appointmentId}/cancel`,
      { phoneNumber: ALICE },
      AUTHORIZED,
    );
    expect(cancelled.status).to.equal(200);
    await text(ALICE, 'Is parking free?');
    server.clock.advanceMinutes(2);
    await text(ALICE, 'Thanks');
    const { status, body } = await server.request('GET', pageOf(ALICE), undefined, AUTHORIZED);
    expect(status).to.equal(200);
    expect(body.phoneNumber).to.equal(ALICE);
    expect(body.appointments).to.deep.equal([tuesday, { ...monday, status: 'CANCELLED' }]);
    expect(body.conversation).to.deep.equal([
      { role: 'patient', text: 'Is parking free?', at: '2026-03-02T08:00:00-05:00' },
      { role: 'receptionist', text: 'You said: Is parking free?', at: '2026-03-02T08:00:00-05:00' },
      { role: 'patient', text: 'Thanks', at: '2026-03-02T08:02:00-05:00' },
      { role: 'receptionist', text: 'You said: Thanks', at: '2026-03-02T08:02:00-05:00' },
    ]);
    expect(body.optedOut).to.equal(false);
  });

  it("shows nothing of another patient's appointments or texts", async () => {
    await book('2026-03-02T0900', ALICE);
    await text(ALICE, 'Is parking free?');
    const { status, body } = await server.request('GET', pageOf(BOB), undefined, AUTHORIZED);
    expect(status).to.equal(200);
    expect(body).to.deep.equal({ phoneNumber: BOB, appointments: [], conversation: [], optedOut: false });
  });

  it('shows that she opted out once she texted STOP', async () => {
    await text(ALICE, 'STOP');
    const { body } = await server.request('GET', pageOf(ALICE), undefined, AUTHORIZED);
    expect(body.optedOut).to.equal(true);
  });

  it('refuses a number that is not E.164, naming phoneNumber', async () => {
    const { status, body } = await server.request('GET', pageOf('555-CALL-ME'), undefined, AUTHORIZED);
    expect(status).to.equal(400);
    expect(body.error.code).to.equal('INVALID_REQUEST');
    expect(body.error.message).to.match(/^phoneNumber: .*E\.164/);
  });

  it("is reached only with the clinic's credentials, and its number is never logged", async () => {
    expect((await server.request('GET', pageOf(ALICE))).status).to.equal(401);
    const other = await server.request(
      'GET',
      `/api/v1/clinics/another-clinic/patients/%2B15550000001`,
      undefined,
      AUTHORIZED,
    );
    expect(other.status).to.equal(404);
    expect((await server.request('GET', pageOf(ALICE), undefined, AUTHORIZED)).status).to.equal(200);
    const logged = JSON.stringify(logger.lines);
    expect(logged).not.to.include(ALICE.slice(1));
    expect(logger.withMessage('request').map(({ fields }) => fields.path)).to.include(
      `/api/v1/clinics/${CLINIC_ID}/patients/+1******0001`,
    );
  });
});
