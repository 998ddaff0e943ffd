import { expect } from 'chai';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { aDynamoDbStore } from '../support/dynamodb-stores.js';
import { ALICE } from '../support/patients.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

/** Past 2 KB, DynamoDB's limit for a key, and far past any id this server gives out. */
const LONG_ID = `apt_${'x'.repeat(2100)}`;
const LONG_SLOT_ID = `2026-03-03T1000-${'a'.repeat(2100)}`;

function expectRefused(response: { status: number; body: any }, ...fieldsAndLimits: string[]) {
  expect(response.status, JSON.stringify(response.body)).to.equal(400);
  expect(response.body.error.code).to.equal('INVALID_REQUEST');
  for (const expected of fieldsAndLimits) expect(response.body.error.message).to.include(expected);
}

describe('strings longer than any real one, refused at the edge', () => {
  describe('the REST API', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer();
    });
    afterEach(() => server.close());

    it('refuses an appointment id past 2 KB in the path with 400, naming the field and the limit', async () => {
      const cancel = await server.request('POST', `/api/v1/appointments/${LONG_ID}/cancel`, { phoneNumber: ALICE });
      expectRefused(cancel, 'id: expected at most 64 characters');
      const move = await server.request('POST', `/api/v1/appointments/${LONG_ID}/reschedule`, {
        phoneNumber: ALICE,
        newSlotId: '2026-03-03T1000',
      });
      expectRefused(move, 'id: expected at most 64 characters');
    });

    it('refuses slot ids, phone numbers and provider ids past their limits, each by name', async () => {
      const padded = `+1555${' '.repeat(100)}0000001`;
      expectRefused(
        await server.request('POST', '/api/v1/slots/hold', { slotId: LONG_SLOT_ID, phoneNumber: padded }),
        'slotId: expected at most 64 characters',
        'phoneNumber: expected at most 64 characters',
      );
      expectRefused(
        await server.request('POST', '/api/v1/appointments/apt_1/reschedule', {
          phoneNumber: ALICE,
          newSlotId: LONG_SLOT_ID,
        }),
        'newSlotId: expected at most 64 characters',
      );
      expectRefused(
        await server.request('GET', `/api/v1/slots?date=2026-03-03&providerId=${'p'.repeat(65)}`),
        'providerId: expected at most 64 characters',
      );
    });

    it('still takes ids and numbers at their longest', async () => {
      const unknown = await server.request('POST', `/api/v1/appointments/apt_${'x'.repeat(60)}/cancel`, {
        phoneNumber: 'whatsapp:+1 (555) 000-0001',
      });
      expect(unknown.status).to.equal(404);
      expect(
        (await server.request('GET', `/api/v1/slots?date=2026-03-03&providerId=${'p'.repeat(64)}`)).status,
      ).to.equal(200);
    });
  });

  describe('the REST API on DynamoDB, where an id past 2 KB was a 500', () => {
    it('answers 400 for an appointment id or slot id past 2 KB, and 404 for an unknown one of ordinary length', async function () {
      this.timeout(60_000);
      const server = await startTestServer({ store: await aDynamoDbStore(await dynamoDbLocal()) });
      try {
        const cancel = await server.request('POST', `/api/v1/appointments/${LONG_ID}/cancel`, { phoneNumber: ALICE });
        expectRefused(cancel, 'id: expected at most 64 characters');
        const hold = await server.request('POST', '/api/v1/slots/hold', { slotId: LONG_SLOT_ID, phoneNumber: ALICE });
        expectRefused(hold, 'slotId: expected at most 64 characters');
        const unknown = await server.request('POST', '/api/v1/appointments/apt_unknown/cancel', { phoneNumber: ALICE });
        expect(unknown.status).to.equal(404);
      } finally {
        await server.close();
      }
    });
  });

  describe('the Twilio webhooks (unsigned, in the local mode)', () => {
    let server: TestServer;
    let model: EchoLanguageModel;
    beforeEach(async () => {
      model = new EchoLanguageModel();
      server = await startTestServer({ languageModel: model, twilio: UNSIGNED_LOCAL_WEBHOOKS });
    });
    afterEach(() => server.close());

    async function post(path: string, form: Record<string, string>) {
      const response = await fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      const text = await response.text();
      return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
    }

    it('refuses an SMS whose MessageSid, From or Body is longer than Twilio sends, and runs nothing', async () => {
      const sms = { MessageSid: `SM${'0'.repeat(32)}`, From: ALICE, To: CLINIC_NUMBER, Body: 'hello' };
      expectRefused(
        await post('/sms/webhook', { ...sms, MessageSid: `SM${'0'.repeat(2000)}`, Body: 'b'.repeat(4097) }),
        'MessageSid: expected one value of at most 64 characters',
        'Body: expected one value of at most 4096 characters',
      );
      expectRefused(await post('/sms/webhook', { ...sms, From: `${ALICE}${' '.repeat(100)}` }), 'From:');
      expect(model.calls).to.equal(0);
      expect((await post('/sms/webhook', { ...sms, Body: 'b'.repeat(4096) })).status).to.equal(200);
      expect(model.calls).to.equal(1);
    });

    it('refuses a field Twilio sends once given twice', async () => {
      const response = await fetch(`${server.url}/api/v1/sms/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `MessageSid=SM1&From=${encodeURIComponent(ALICE)}&Body=a&Body=b`,
      });
      expect(response.status).to.equal(400);
      expect(((await response.json()) as any).error.message).to.include('Body: expected one value');
      expect(model.calls).to.equal(0);
    });

    it('refuses a call or a speech turn whose CallSid, From or SpeechResult is longer than Twilio sends', async () => {
      const call = { CallSid: `CA${'0'.repeat(32)}`, From: ALICE, To: CLINIC_NUMBER };
      expectRefused(
        await post('/voice/webhook', { ...call, CallSid: `CA${'0'.repeat(2000)}` }),
        'CallSid: expected one value of at most 64 characters',
      );
      expectRefused(
        await post('/voice/gather', { ...call, SpeechResult: 's'.repeat(5000) }),
        'SpeechResult: expected one value of at most 4096 characters',
      );
      expect(model.calls).to.equal(0);
      expect((await post('/voice/gather', { ...call, SpeechResult: 'anything tomorrow?' })).status).to.equal(200);
    });
  });
});
