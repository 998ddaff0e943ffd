import { expect } from 'chai';
import twilio from 'twilio';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const API_TOKEN = 'a-long-enough-api-token';
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_BASE_URL = 'https://clinic.example.com';
const SMS_PATH = '/api/v1/sms/webhook';

describe('requests failing authentication, per client address (FAILED_AUTH_PER_ADDRESS_PER_MINUTE)', () => {
  let server: TestServer;
  let model: EchoLanguageModel;
  beforeEach(async () => {
    model = new EchoLanguageModel();
    server = await startTestServer({
      apiToken: API_TOKEN,
      languageModel: model,
      twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
    });
  });
  afterEach(() => server.close());

  const withToken = (token: string) => ({ Authorization: `Bearer ${token}` });
  const slots = (token: string) => fetch(`${server.url}/api/v1/slots?date=2026-03-03`, { headers: withToken(token) });

  let sids = 0;
  function sms(signedWith: string) {
    const form = { MessageSid: `SM${String(++sids).padStart(32, '0')}`, From: ALICE, To: CLINIC_NUMBER, Body: 'hi' };
    return fetch(`${server.url}${SMS_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(signedWith, `${PUBLIC_BASE_URL}${SMS_PATH}`, form),
      },
      body: new URLSearchParams(form).toString(),
    });
  }

  it('answers wrong bearer tokens 401 ten times a minute, then 429 with Retry-After', async () => {
    for (let i = 0; i < 10; i++) expect((await slots(`wrong-token-${i}-padding`)).status, `attempt ${i}`).to.equal(401);
    const refused = await slots('wrong-token-again-padding');
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.equal('6');
    expect(((await refused.json()) as any).error.code).to.equal('TOO_MANY_FAILED_ATTEMPTS');
    server.clock.advance(6_000);
    expect((await slots('wrong-token-later-padding')).status).to.equal(401);
  });

  it('never limits the same address while its requests authenticate: integrators, Twilio and SNS share addresses', async () => {
    for (let i = 0; i < 12; i++) await slots(`wrong-token-${i}-padding`);
    expect((await slots(API_TOKEN)).status).to.equal(200);
    expect((await sms(AUTH_TOKEN)).status).to.equal(200);
    expect(model.calls).to.equal(1);
  });

  it('counts forged Twilio signatures with the bad tokens, and answers them 429 past the limit, running nothing', async () => {
    for (let i = 0; i < 5; i++) await slots(`wrong-token-${i}-padding`);
    for (let i = 0; i < 5; i++) expect((await sms('another-token')).status).to.equal(403);
    expect((await sms('another-token')).status).to.equal(429);
    expect(model.calls).to.equal(0);
  });

  it('does not count a patient refused for the appointment, only for credentials', async () => {
    const auth = { ...withToken(API_TOKEN), 'Content-Type': 'application/json' };
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    await post('/slots/hold', { slotId: '2026-03-03T0900', phoneNumber: ALICE });
    const booked = (await (
      await post('/appointments/confirm', { slotId: '2026-03-03T0900', phoneNumber: ALICE })
    ).json()) as { appointmentId: string };
    for (let i = 0; i < 15; i++) {
      const response = await post(`/appointments/${booked.appointmentId}/cancel`, { phoneNumber: BOB });
      expect(response.status, `attempt ${i}`).to.equal(403);
    }
  });
});
