import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import twilio from 'twilio';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
  UNSIGNED_LOCAL_WEBHOOKS,
} from '../support/test-server.js';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_BASE_URL = 'https://clinic.example.com';
const PATH = '/api/v1/sms/webhook';

let sids = 0;
const inbound = (fields: Record<string, string>) => ({
  MessageSid: `SM${String(++sids).padStart(32, '0')}`,
  From: ALICE,
  To: CLINIC_NUMBER,
  Body: 'hello',
  ...fields,
});

describe('Twilio SMS and WhatsApp webhook', () => {
  let server: TestServer;
  let model: EchoLanguageModel;
  let messenger: RecordingMessenger;

  async function start(options: TestServerOptions = {}) {
    model = options.languageModel instanceof EchoLanguageModel ? options.languageModel : new EchoLanguageModel();
    messenger = new RecordingMessenger();
    server = await startTestServer({ languageModel: model, messenger, ...options });
  }
  afterEach(() => server.close());

  async function post(form: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  }
  const signed = (form: Record<string, string>) =>
    post(form, {
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${PATH}`, form),
    });

  describe('with TWILIO_AUTH_TOKEN set', () => {
    beforeEach(() => start({ twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL } }));

    it('answers a signed message with TwiML carrying the receptionist reply', async () => {
      const response = await signed(inbound({ Body: 'anything tomorrow?' }));
      expect(response.status).to.equal(200);
      expect(response.type).to.match(/^text\/xml/);
      expect(response.text).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>You said: anything tomorrow?</Message></Response>',
      );
    });

    it('refuses a forged signature with 403 and processes nothing', async () => {
      const form = inbound({ Body: 'cancel everything' });
      const forged = twilio.getExpectedTwilioSignature('another-token', `${PUBLIC_BASE_URL}${PATH}`, form);
      const response = await post(form, { 'X-Twilio-Signature': forged });
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.text).error.code).to.equal('FORBIDDEN');
      expect(model.calls).to.equal(0);
    });

    it('refuses a signature over other fields than those posted', async () => {
      const form = inbound({ Body: 'book me' });
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${PATH}`, {
        ...form,
        Body: 'other',
      });
      expect((await post(form, { 'X-Twilio-Signature': signature })).status).to.equal(403);
      expect(model.calls).to.equal(0);
    });

    it('refuses an unsigned message', async () => {
      expect((await post(inbound({}))).status).to.equal(403);
      expect(model.calls).to.equal(0);
    });

    it('runs the receptionist once for a MessageSid delivered twice, answering the same reply', async () => {
      const form = inbound({ Body: 'book me in' });
      const [first, second] = await Promise.all([signed(form), signed(form)]);
      const third = await signed(form);
      expect(model.calls).to.equal(1);
      expect(second.text).to.equal(first.text);
      expect(third.text).to.equal(first.text);
    });

    it('takes WhatsApp senders as the same patient number', async () => {
      const response = await signed(inbound({ From: `whatsapp:${ALICE}`, Body: 'hi' }));
      expect(response.text).to.include('<Message>You said: hi</Message>');
    });

    it('names a missing or bad field with 400', async () => {
      const noBody = inbound({});
      delete (noBody as Partial<typeof noBody>).Body;
      expect(JSON.parse((await signed(noBody)).text).error.message).to.equal('Body: expected the message text');
      const badFrom = await signed(inbound({ From: 'not-a-number' }));
      expect(badFrom.status).to.equal(400);
      expect(JSON.parse(badFrom.text).error.message).to.include('From: expected');
    });
  });

  describe('carrier keywords', () => {
    beforeEach(() => start({ twilio: UNSIGNED_LOCAL_WEBHOOKS }));

    it('opts a patient out on STOP, answers nothing more until START', async () => {
      const stop = await post(inbound({ Body: 'STOP' }));
      expect(stop.text).to.include("You're unsubscribed");
      expect((await post(inbound({ Body: 'anything tomorrow?' }))).text).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?><Response/>',
      );
      expect(model.calls).to.equal(0);
      expect((await post(inbound({ Body: 'start' }))).text).to.include("You're resubscribed");
      expect((await post(inbound({ Body: 'anything tomorrow?' }))).text).to.include('You said: anything tomorrow?');
    });

    it('describes the service on HELP, with how to opt out', async () => {
      const help = await post(inbound({ Body: 'Help' }));
      expect(help.text).to.include('Reply STOP to unsubscribe');
      expect(model.calls).to.equal(0);
    });

    const chat = async (message: string) =>
      (await server.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message })).body.reply as string | null;
    const NOTHING_CHANGED =
      'Nothing changed: only the patient can stop or restart Test Clinic texts, by texting STOP or START from their own phone. To cancel an appointment, say "cancel my appointment".';

    it('takes no STOP from the REST chat, which staff and integrators use: only the patient opts out', async () => {
      for (const keyword of ['STOP', 'unsubscribe', 'Cancel.'])
        expect(await chat(keyword), keyword).to.equal(NOTHING_CHANGED);
      expect(await chat('anything tomorrow?')).to.equal('You said: anything tomorrow?');
      expect((await post(inbound({ Body: 'anything tomorrow?' }))).text).to.include('You said: anything tomorrow?');
    });

    it('takes no START from the REST chat either: a patient who texted STOP stays opted out', async () => {
      await post(inbound({ Body: 'STOP' }));
      expect(await chat('START')).to.equal(NOTHING_CHANGED);
      expect(await chat('anything tomorrow?')).to.equal(null);
      expect((await post(inbound({ Body: 'anything tomorrow?' }))).text).to.equal(
        '<?xml version="1.0" encoding="UTF-8"?><Response/>',
      );
      expect(model.calls).to.equal(0);
    });

    it('treats a keyword inside a sentence as conversation', async () => {
      expect((await post(inbound({ Body: 'please stop by tomorrow' }))).text).to.include(
        'You said: please stop by tomorrow',
      );
    });
  });

  describe('without TWILIO_AUTH_TOKEN', () => {
    it('accepts unsigned messages in the local mode named as such (TWILIO_WEBHOOKS=unsigned-local)', async () => {
      await start({ twilio: UNSIGNED_LOCAL_WEBHOOKS });
      expect((await post(inbound({}))).status).to.equal(200);
    });

    it('refuses unsigned messages on loopback too, outside that local mode, and processes nothing', async () => {
      await start();
      const response = await post(inbound({ Body: 'cancel my appointment' }));
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.text).error).to.deep.include({
        code: 'FORBIDDEN',
        message:
          'X-Twilio-Signature: cannot be checked without TWILIO_AUTH_TOKEN; set it, or TWILIO_WEBHOOKS=unsigned-local to try the webhooks unsigned on your own machine',
      });
      expect(model.calls).to.equal(0);
    });

    it('refuses them when listening beyond loopback', async () => {
      await start({ host: '0.0.0.0', apiToken: 'a-long-enough-api-token' });
      const response = await fetch(`${server.url.replace('0.0.0.0', '127.0.0.1')}${PATH}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(inbound({})).toString(),
      });
      expect(response.status).to.equal(403);
      expect(model.calls).to.equal(0);
    });
  });

  describe('a slow receptionist', () => {
    it('answers Twilio in time with empty TwiML and sends the reply as a message instead', async () => {
      await start({
        languageModel: new EchoLanguageModel(400),
        smsReplyDeadlineMs: 100,
        twilio: UNSIGNED_LOCAL_WEBHOOKS,
      });
      const response = await post(inbound({ From: `whatsapp:${ALICE}`, Body: 'slow one' }));
      // Answered while the receptionist is still thinking: its reply has not been sent yet.
      expect(messenger.sent).to.deep.equal([]);
      expect(response.text).to.equal('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      const sent = await messenger.nextMessage();
      expect(sent).to.deep.equal({ to: ALICE, channel: 'whatsapp', body: 'You said: slow one' });
    });
  });

  describe('a message delivered again to another server, over the same SQLite file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'clinic-sms-'));
    after(() => rmSync(directory, { recursive: true, force: true }));

    it('gets the reply the first server gave, and the second runs nothing', async () => {
      const sqlitePath = join(directory, 'clinic.sqlite');
      const [firstModel, secondModel] = [new EchoLanguageModel(), new EchoLanguageModel()];
      const shared = { storage: 'sqlite', sqlitePath, twilio: UNSIGNED_LOCAL_WEBHOOKS } as const;
      const first = await startTestServer({ ...shared, languageModel: firstModel });
      const second = await startTestServer({ ...shared, languageModel: secondModel });
      server = first;
      try {
        const form = inbound({ Body: 'book me in' });
        const send = async (to: TestServer) =>
          (
            await fetch(`${to.url}${PATH}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(form).toString(),
            })
          ).text();
        const answered = await send(first);
        expect(answered).to.include('<Message>You said: book me in</Message>');
        expect(await send(second)).to.equal(answered);
        expect([firstModel.calls, secondModel.calls]).to.deep.equal([1, 0]);

        // A new message is the second server's to answer.
        const next = inbound({ Body: 'and tomorrow?' });
        const reply = await (
          await fetch(`${second.url}${PATH}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(next).toString(),
          })
        ).text();
        expect(reply).to.include('<Message>You said: and tomorrow?</Message>');
        expect(secondModel.calls).to.equal(1);
      } finally {
        await second.close();
      }
    });
  });
});
