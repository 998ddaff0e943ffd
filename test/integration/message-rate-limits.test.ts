import { expect } from 'chai';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
  UNSIGNED_LOCAL_WEBHOOKS,
} from '../support/test-server.js';

let sids = 0;
const nextSid = (prefix: string) => `${prefix}${String(++sids).padStart(32, '0')}`;

describe('messages a minute per patient (MESSAGES_PER_PATIENT_PER_MINUTE)', () => {
  let server: TestServer;
  let model: EchoLanguageModel;
  async function start(options: TestServerOptions = {}) {
    model = new EchoLanguageModel();
    server = await startTestServer({ languageModel: model, twilio: UNSIGNED_LOCAL_WEBHOOKS, ...options });
  }
  afterEach(() => server.close());

  const chat = (message: string, phoneNumber: string = ALICE) =>
    fetch(`${server.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phoneNumber, message }),
    });
  async function form(path: string, fields: Record<string, string>) {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, text: await response.text() };
  }
  const sms = (body: string, from: string = ALICE) =>
    form('/sms/webhook', { MessageSid: nextSid('SM'), From: from, To: CLINIC_NUMBER, Body: body });

  describe('on /chat', () => {
    it('answers 20 messages in a minute, and the 21st 429 TOO_MANY_MESSAGES with Retry-After', async () => {
      await start();
      for (let i = 0; i < 20; i++) expect((await chat(`message ${i}`)).status, `message ${i}`).to.equal(200);
      const refused = await chat('one too many');
      expect(refused.status).to.equal(429);
      expect(refused.headers.get('retry-after')).to.equal('3');
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.code).to.equal('TOO_MANY_MESSAGES');
      expect(error.message).to.match(/^phoneNumber: .*try again in 3 s/);
      expect(model.calls).to.equal(20);
      expect((await chat('another patient', BOB)).status).to.equal(200);
      server.clock.advance(3_000);
      expect((await chat('after a pause')).status).to.equal(200);
    });
  });

  describe('on the Twilio SMS webhook', () => {
    it('gives one polite reply past the limit, then empty TwiML, and never runs the model for them', async () => {
      await start({ messagesPerPatientPerMinute: 2 });
      expect((await sms('one')).text).to.include('You said: one');
      expect((await sms('two')).text).to.include('You said: two');
      const told = await sms('three');
      expect(told.status).to.equal(200);
      expect(told.text).to.include('a lot of messages from this number').and.include('wait a minute');
      for (const body of ['four', 'five', 'six']) {
        expect((await sms(body)).text).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      }
      expect(model.calls).to.equal(2);
      server.clock.advance(30_000);
      expect((await sms('seven')).text).to.include('You said: seven');
    });

    it('counts a WhatsApp sender as the same patient as the number', async () => {
      await start({ messagesPerPatientPerMinute: 1 });
      await sms('one');
      expect((await sms('two', `whatsapp:${ALICE}`)).text).to.include('a lot of messages');
    });
  });

  describe('on the Twilio voice webhooks (the speech IVR)', () => {
    const CALL = { From: ALICE, To: CLINIC_NUMBER };

    it('turns a caller away past the limit: told once, then new calls rejected unanswered', async () => {
      await start({ messagesPerPatientPerMinute: 2 });
      const ring = () => form('/voice/webhook', { ...CALL, CallSid: nextSid('CA') });
      expect((await ring()).text).to.include('<Gather');
      expect((await ring()).text).to.include('<Gather');
      const told = (await ring()).text;
      expect(told).to.include('a lot of calls and messages from this number').and.include('<Hangup/>');
      expect(told).to.not.include('<Gather');
      expect((await ring()).text).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response><Reject/></Response>');
    });

    it("shares the caller's budget with their texts, and hangs up on speech turns past it", async () => {
      await start({ messagesPerPatientPerMinute: 2 });
      await sms('one');
      const callSid = nextSid('CA');
      expect((await form('/voice/gather', { ...CALL, CallSid: callSid, SpeechResult: 'hello' })).text).to.include(
        'You said: hello',
      );
      const told = (await form('/voice/gather', { ...CALL, CallSid: callSid, SpeechResult: 'again' })).text;
      expect(told).to.include('a lot of calls and messages').and.include('<Hangup/>');
      expect((await form('/voice/gather', { ...CALL, CallSid: callSid, SpeechResult: 'and again' })).text).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
      );
      expect(model.calls).to.equal(2);
    });
  });
});
