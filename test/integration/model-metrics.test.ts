import { expect } from 'chai';
import { createGeminiLanguageModel } from '../../src/adapters/gemini/gemini-language-model.js';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { serverError } from '../support/fake-gemini-answers.js';
import { FakeGeminiServer } from '../support/fake-gemini-server.js';
import { geminiSettings } from '../support/gemini-settings.js';
import { AUTH_TOKEN, LiveCallRig, PUBLIC_BASE_URL } from '../support/live-call-rig.js';
import { ALICE, CALLER } from '../support/patients.js';
import { expectNoPatientData, type PrometheusScrape, scrapeMetrics } from '../support/prometheus-text.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { postTwilioWebhook } from '../support/twilio-media-client.js';

const CALLS = 'receptionist_model_calls_total';
const FALLBACKS = 'receptionist_model_fallbacks_total';

/** What the model counts of `kind` moved by since `before`. */
const modelCounts = (before: PrometheusScrape, after: PrometheusScrape, kind: string) => ({
  ok: after.movedSince(before, CALLS, { kind, outcome: 'ok' }),
  failed: after.movedSince(before, CALLS, { kind, outcome: 'failed' }),
  lost: after.movedSince(before, CALLS, { kind, outcome: 'lost' }),
  fallbacks: after.movedSince(before, FALLBACKS, { kind }),
});

describe('model calls and fallbacks in /metrics', () => {
  describe('on texts', () => {
    let server: TestServer;
    afterEach(() => server.close());
    const chat = (message: string) => server.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message });

    it('counts a chat turn the offline model answers as one text model call', async () => {
      server = await startTestServer();
      const before = await scrapeMetrics(server.url);
      expect((await chat('hi')).body.reply).to.match(/book, move or cancel/);
      const after = await scrapeMetrics(server.url);
      expect(modelCounts(before, after, 'text')).to.deep.equal({ ok: 1, failed: 0, lost: 0, fallbacks: 0 });
      expectNoPatientData(after);
    });

    it('counts a failed Gemini call, and the offline model that answered in its place', async () => {
      const gemini = await FakeGeminiServer.start({ apiKey: 'test-key' });
      try {
        const model = createGeminiLanguageModel({
          ...geminiSettings('test-key', gemini.url).text,
          retry: { retries: 1, initialDelayMs: 1, maxDelayMs: 10 },
        });
        server = await startTestServer({ languageModel: model });
        gemini.enqueue(serverError(), serverError());
        const before = await scrapeMetrics(server.url);
        expect((await chat('hi')).body.reply).to.match(/book, move or cancel/);
        const after = await scrapeMetrics(server.url);
        expect(modelCounts(before, after, 'text')).to.deep.equal({ ok: 1, failed: 1, lost: 0, fallbacks: 1 });
      } finally {
        await gemini.close();
      }
    });
  });

  describe('on calls', () => {
    let rig: LiveCallRig;
    afterEach(() => rig.close());

    it('counts a live session opened, then lost for good, and the speech IVR that took the call over', async () => {
      rig = await LiveCallRig.start();
      const before = await scrapeMetrics(rig.server.url);
      const callSid = `CA${'c'.repeat(32)}`;
      const client = await rig.call(callSid, CALLER);
      const session = await rig.live.connection(0);
      await session.waitFor((received) => received.find((m) => JSON.stringify(m).includes('Greet them')), 'greeting');
      session.drop();
      await client.until(() => (client.closed ? true : undefined), 'the stream to close');
      // What Twilio does next, as the TwiML told it: the webhook again, marked as the fallback.
      const signing = { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL };
      const form = { CallSid: callSid, From: CALLER, To: CLINIC_NUMBER };
      const ivr = await postTwilioWebhook(rig.server.url, signing, '/api/v1/voice/webhook?fallback=1', form);
      expect(ivr.text).to.include('we lost the line to our assistant');
      const after = await scrapeMetrics(rig.server.url);
      expect(modelCounts(before, after, 'voice')).to.deep.equal({ ok: 1, failed: 0, lost: 1, fallbacks: 1 });
      expectNoPatientData(after, callSid.slice(0, 12));
    });
  });
});
