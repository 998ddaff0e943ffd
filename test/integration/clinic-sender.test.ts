import { expect } from 'chai';
import { TwilioMessenger } from '../../src/adapters/twilio/twilio-messenger.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { CLINIC_ID, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { FakeTwilioRest } from '../support/fake-twilio-rest.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const OPERATOR = 'operator-token-for-tests-0123456789';
const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const LAKESIDE_NUMBER = '+15557770001' as PhoneNumber;
const LAKESIDE_WHATSAPP = '+15557770011' as PhoneNumber;
const HILLTOP_NUMBER = '+15557770002' as PhoneNumber;
const TUESDAY_10 = '2026-03-03T1000';

const aDocument = (id: string, name: string, numbers: PhoneNumber[]) => ({
  id,
  name,
  timeZone: 'America/New_York',
  locale: 'en-US',
  weeklyHours: { tuesday: [{ open: '09:00', close: '12:00' }] },
  slotMinutes: 30,
  horizonDays: 14,
  holdMinutes: 10,
  numbers,
});

describe("each clinic's texts, from its own number", () => {
  let twilio: FakeTwilioRest;
  let server: TestServer;
  const operator = { Authorization: `Bearer ${OPERATOR}` };

  beforeEach(async () => {
    twilio = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
    server = await startTestServer({
      apiToken: OPERATOR,
      outboxPollMs: 20,
      // The deployment's own sender, CLINIC_NUMBER: what a clinic that lists no number sends from.
      messenger: new TwilioMessenger(
        { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN }, fromNumber: CLINIC_NUMBER },
        { httpClient: twilio.httpClient() },
      ),
    });
    for (const clinic of [
      aDocument('lakeside', 'Lakeside Clinic', [LAKESIDE_NUMBER, LAKESIDE_WHATSAPP]),
      aDocument('hilltop', 'Hilltop Clinic', [HILLTOP_NUMBER]),
    ]) {
      const put = await server.request('PUT', `/api/v1/admin/clinics/${clinic.id}`, clinic, operator);
      expect(put.status, clinic.id).to.equal(201);
    }
  });
  afterEach(async () => {
    await server.close();
    await twilio.close();
  });

  async function book(clinicId: string) {
    const path = `/api/v1/clinics/${clinicId}`;
    const patient = { slotId: TUESDAY_10, phoneNumber: ALICE };
    expect((await server.request('POST', `${path}/slots/hold`, patient, operator)).status, clinicId).to.equal(201);
    const confirmed = await server.request('POST', `${path}/appointments/confirm`, patient, operator);
    expect(confirmed.status, clinicId).to.equal(201);
  }

  it("sends each clinic's confirmation from the first number it lists, naming it; one that lists none from the configured sender", async () => {
    for (const clinicId of ['lakeside', 'hilltop', CLINIC_ID]) await book(clinicId);
    await eventually(() => twilio.accepted.length === 3, 'the three confirmations to be sent');
    const sent = twilio.accepted.map(({ form }) => ({
      From: form.From,
      To: form.To,
      clinic: form.Body!.split(':')[0],
    }));
    expect(sent).to.have.deep.members([
      { From: LAKESIDE_NUMBER, To: ALICE, clinic: 'Lakeside Clinic' },
      { From: HILLTOP_NUMBER, To: ALICE, clinic: 'Hilltop Clinic' },
      { From: CLINIC_NUMBER, To: ALICE, clinic: 'Test Clinic' },
    ]);
  });
});
