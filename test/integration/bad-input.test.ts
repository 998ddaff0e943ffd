import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import twilio from 'twilio';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB, CALLER } from '../support/patients.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS, withoutRequestId } from '../support/test-server.js';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_BASE_URL = 'https://clinic.example.com';
const CALL_SID = `CA${'a'.repeat(32)}`;

/** What the fuzz test (fuzz.test.ts) found, most of it answered 500 before: now a clear 4xx, or a plain answer. */
describe('bad input is answered with a 4xx that says what was wrong, never a 500', () => {
  let server: TestServer;
  afterEach(() => server.close());

  async function post(path: string, body: BodyInit, headers: Record<string, string>) {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, json: () => withoutRequestId(JSON.parse(text), response) };
  }

  describe('the REST API', () => {
    beforeEach(async () => {
      server = await startTestServer();
    });

    it('lists no slots for a day as far off as 9999-12-31, or as long ago as 0001-01-01', async () => {
      for (const date of ['9999-12-31', '0001-01-01', '0099-12-31']) {
        expect(await server.request('GET', `/api/v1/slots?date=${date}`), date).to.deep.equal({
          status: 200,
          body: { slots: [] },
        });
      }
    });

    it('refuses year 0000 with a 400 that names the days it takes', async () => {
      expect(await server.request('GET', '/api/v1/slots?date=0000-01-01')).to.deep.equal({
        status: 400,
        body: {
          error: {
            code: 'INVALID_REQUEST',
            message: 'date: expected a clinic-local day YYYY-MM-DD, from 0001-01-01 to 9999-12-31',
          },
        },
      });
    });

    it('refuses a body that is not compressed as its Content-Encoding says with a 400', async () => {
      const hold = JSON.stringify({ slotId: '2026-03-02T0900', phoneNumber: ALICE });
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const response = await post('/api/v1/slots/hold', hold, {
          'Content-Type': 'application/json',
          'Content-Encoding': encoding,
        });
        expect(response.status, encoding).to.equal(400);
        expect(response.json().error).to.deep.equal({
          code: 'INVALID_REQUEST',
          message: 'body: expected data compressed as its Content-Encoding says',
        });
      }
    });

    it('reads a body compressed as it says, and refuses an encoding it does not know with a 415', async () => {
      const hold = JSON.stringify({ slotId: '2026-03-02T0900', phoneNumber: ALICE });
      const json = { 'Content-Type': 'application/json' };
      expect(
        (await post('/api/v1/slots/hold', gzipSync(hold), { ...json, 'Content-Encoding': 'gzip' })).status,
      ).to.equal(201);
      const unknown = await post('/api/v1/slots/hold', hold, { ...json, 'Content-Encoding': 'x-compress' });
      expect(unknown.status).to.equal(415);
      expect(unknown.json().error).to.deep.equal({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Content-Encoding: expected gzip, deflate, br or identity',
      });
    });
  });

  /** Each webhook, a form as Twilio posts it there, and the fields the webhook reads. */
  const CALL_WEBHOOKS: [string, Record<string, string>, string[]][] = [
    ['/api/v1/voice/webhook', { CallSid: CALL_SID, From: CALLER, To: CLINIC_NUMBER }, ['CallSid', 'From']],
    [
      '/api/v1/voice/gather',
      { CallSid: CALL_SID, From: CALLER, SpeechResult: 'anything tomorrow?', Digits: '1' },
      ['From', 'SpeechResult', 'Digits'],
    ],
    [
      '/api/v1/voice/transfer-ended',
      { CallSid: CALL_SID, From: CALLER, DialCallStatus: 'no-answer' },
      ['CallSid', 'From', 'DialCallStatus'],
    ],
    [
      '/api/v1/sms/webhook',
      { MessageSid: `SM${'0'.repeat(32)}`, From: ALICE, To: CLINIC_NUMBER, Body: 'hello' },
      ['MessageSid', 'From', 'Body'],
    ],
  ];
  /** The form with `name` given a second time, as pairs: a record cannot hold a name twice. */
  const twice = (form: Record<string, string>, name: string, second: string): [string, string][] => [
    ...Object.entries(form),
    [name, second],
  ];
  const signatureOf = (path: string, pairs: [string, string][]) => {
    const form = new URLSearchParams(pairs);
    const params = Object.fromEntries([...new Set(form.keys())].map((name) => [name, form.getAll(name)]));
    return twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
  };
  const postForm = (path: string, pairs: [string, string][], headers: Record<string, string> = {}) =>
    post(path, new URLSearchParams(pairs).toString(), {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    });

  describe("Twilio's webhooks, signed", () => {
    beforeEach(async () => {
      server = await startTestServer({ twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL } });
    });

    for (const [path, form, read] of CALL_WEBHOOKS) {
      it(`refuses a field given twice on ${path} with a 400 naming it, once the signature is checked`, async () => {
        for (const name of read) {
          const pairs = twice(form, name, BOB);
          const response = await postForm(path, pairs, { 'X-Twilio-Signature': signatureOf(path, pairs) });
          expect(response.status, name).to.equal(400);
          expect(response.json().error).to.deep.equal({
            code: 'INVALID_REQUEST',
            message: `${name}: expected one value, got 2`,
          });
          const forged = await postForm(path, pairs, {
            'X-Twilio-Signature': signatureOf(path, [...pairs, ['x', 'y']]),
          });
          expect(forged.status, `${name}, forged`).to.equal(403);
        }
      });
    }

    it('checks the signature over the fields as posted, whatever a body parser would make of them', async () => {
      // A body parser nests `From[x]` and `Digits.x` into objects that Twilio never sent nor signed.
      const path = '/api/v1/voice/webhook';
      const pairs: [string, string][] = [
        ['CallSid', CALL_SID],
        ['From', CALLER],
        ['From[x]', BOB],
        ['Digits.x', '1'],
      ];
      const nested = await postForm(path, pairs, { 'X-Twilio-Signature': signatureOf(path, pairs) });
      expect(nested.status).to.equal(200);
      expect(nested.text).to.include('How can I help?');
    });

    it('refuses a body that is not a form: 403 unless signed, then 415', async () => {
      const path = '/api/v1/voice/webhook';
      const asJson = (signature: string) =>
        post(path, JSON.stringify({ From: { toString: 1 }, CallSid: [CALL_SID, { toString: 1 }] }), {
          'Content-Type': 'application/json',
          'X-Twilio-Signature': signature,
        });
      const forged = await asJson('Zm9yZ2Vk');
      expect(forged.status).to.equal(403);
      expect(forged.json().error.code).to.equal('FORBIDDEN');
      const signed = await asJson(signatureOf(path, []));
      expect(signed.status).to.equal(415);
      expect(signed.json().error).to.deep.equal({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Content-Type: expected application/x-www-form-urlencoded, as Twilio posts',
      });
    });
  });

  describe("Twilio's webhooks unsigned, in the local mode named as such", () => {
    beforeEach(async () => {
      server = await startTestServer({ twilio: UNSIGNED_LOCAL_WEBHOOKS });
    });

    for (const [path, form] of CALL_WEBHOOKS) {
      it(`refuses From given twice on ${path} with a 400 naming it`, async () => {
        const response = await postForm(path, twice(form, 'From', 'whatsapp:+15550000002'));
        expect(response.status).to.equal(400);
        expect(response.json().error).to.deep.equal({
          code: 'INVALID_REQUEST',
          message: 'From: expected one value, got 2',
        });
      });
    }

    it('refuses a form over 64 kB with a 413 that names the form limit, not the JSON one', async () => {
      const response = await postForm('/api/v1/sms/webhook', [
        ['MessageSid', `SM${'a'.repeat(32)}`],
        ['From', ALICE],
        ['Body', 'x'.repeat(70_000)],
      ]);
      expect(response.status).to.equal(413);
      expect(response.json().error).to.deep.equal({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'body: expected at most 64 kB of form fields',
      });
    });
  });
});
