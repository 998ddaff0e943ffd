import alawmulaw from 'alawmulaw';
import { expect } from 'chai';
import twilio from 'twilio';
import { StreamCredentials } from '../../src/adapters/twilio/stream-credential.js';
import { LINE_CLOSING } from '../../src/application/voice-call.js';
import { aClinic, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { type FakeGeminiLive, liveVoice } from '../support/fake-gemini-live.js';
import type { FakeTwilioRest } from '../support/fake-twilio-rest.js';
import { AUTH_TOKEN, LiveCallRig, PUBLIC_BASE_URL, STREAM_PATH } from '../support/live-call-rig.js';
import { ALICE, BOB, CALLER } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { silentLogger, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';
import { streamPathIn, TwilioMediaClient, toneFrames } from '../support/twilio-media-client.js';

const CALL_SID = `CA${'b'.repeat(32)}`;
const { mulaw } = alawmulaw;

interface OpenStreamOptions {
  signature?: string;
  callSid?: string;
  customParameters?: Record<string, string>;
}

const hangUps = (rest: FakeTwilioRest) =>
  rest.callUpdates.filter(({ form }) => form.Status === 'completed').map(({ sid }) => sid);

describe('phone calls bridged to Gemini Live (real SDK, fake Live server, Twilio Media Streams client)', () => {
  let rig: LiveCallRig;
  let live: FakeGeminiLive;
  let server: TestServer;
  let rest: FakeTwilioRest;
  let warnings: string[];
  const clients: TwilioMediaClient[] = [];
  const logger = { ...silentLogger, warn: (_fields: object, message: string) => warnings.push(message) };

  beforeEach(async () => {
    warnings = [];
    rig = await LiveCallRig.start({ logger });
    ({ live, rest, server } = rig);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await rig.close();
  });

  async function call(callSid = CALL_SID, caller: string = CALLER) {
    const client = await rig.call(callSid, caller);
    clients.push(client);
    return client;
  }

  const ring = (callSid = CALL_SID, caller: string = CALLER) => rig.ring(callSid, caller);

  it("connects an incoming call to a media stream whose URL carries the call's credential, and nothing more", async () => {
    const twiml = await ring();
    expect(twiml).to.match(
      /<Connect><Stream url="wss:\/\/clinic\.example\.com\/api\/v1\/voice\/stream\/[\w-]{100,}"\/>/,
    );
    // The number and the CallSid are the credential's alone: no <Parameter> names them, and the URL does not show them.
    expect(twiml).to.not.include('<Parameter').and.not.include(CALLER).and.not.include(CALL_SID);
    expect(twiml).to.include('<Redirect method="POST">/api/v1/voice/webhook?fallback=1</Redirect>');
    expect(streamPathIn(await ring())).to.not.equal(streamPathIn(twiml));
  });

  it('answers calls past VOICE_MAX_CALLS with the speech IVR, and streams again once a live call has ended', async () => {
    server = await rig.restart({ logger, voiceMaxCalls: 1 });
    const firstSid = `CA${'1'.repeat(32)}`;
    const offered = await ring(firstSid);
    expect(offered).to.include('<Connect><Stream');
    // Offered, not yet streaming: the seat is kept for it.
    const meanwhile = await ring(`CA${'2'.repeat(32)}`, '+15551230002');
    expect(meanwhile).to.include('<Gather input="speech dtmf"');
    expect(meanwhile).to.not.include('<Stream');
    expect(warnings).to.include('live calls at VOICE_MAX_CALLS: this call gets the speech IVR');

    const first = await rig.streamOf(offered);
    clients.push(first);
    first.start(firstSid);
    const session = await live.connection(0);
    expect(await ring(`CA${'3'.repeat(32)}`, '+15551230003')).to.not.include('<Stream');
    first.close();
    await session.closed;
    expect(await ring(`CA${'4'.repeat(32)}`, '+15551230004')).to.include('<Connect><Stream');
  });

  it('refuses a stream whose upgrade is not signed by Twilio, credential or not', async () => {
    const refused = TwilioMediaClient.connect({
      serverUrl: server.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: AUTH_TOKEN,
      path: streamPathIn(await ring())!,
      signature: 'forged',
    });
    const error = await refused.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.include('403');
  });

  it('answers with the speech IVR and refuses every stream when TWILIO_AUTH_TOKEN is unset, even in the unsigned local mode', async () => {
    server = await rig.restart({ logger, twilio: UNSIGNED_LOCAL_WEBHOOKS });
    const form = { CallSid: CALL_SID, From: CALLER, To: CLINIC_NUMBER };
    const twiml = await (
      await fetch(`${server.url}/api/v1/voice/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      })
    ).text();
    expect(twiml).to.include('<Gather input="speech dtmf"').and.not.include('<Stream');
    expect(warnings).to.include(
      'GEMINI_API_KEY is set but TWILIO_AUTH_TOKEN is not: calls are answered by the speech IVR, as a live stream must be signed by Twilio',
    );
    const unsigned = await TwilioMediaClient.connect({
      serverUrl: server.url,
      publicBaseUrl: PUBLIC_BASE_URL,
      authToken: AUTH_TOKEN,
      path: STREAM_PATH,
    }).then(
      (client) => {
        clients.push(client);
        return 'connected';
      },
      (error: Error) => error.message,
    );
    expect(unsigned).to.include('403');
  });

  it('tells the live model it is on the phone, in words with nothing of the text channel in them', async () => {
    await call();
    const { setup } = await live.connection(0);
    // The SDK sends the instruction as Content: its words are the text of its parts.
    const { parts = [] } = (setup?.systemInstruction ?? {}) as { parts?: { text?: string }[] };
    const instruction = parts.map((part) => part.text ?? '').join('\n');
    expect(instruction).to.include('You are on the phone').and.include('Test Clinic');
    expect(instruction).to.not.match(/\bSMS\b|text message|WhatsApp|\breply\b|\btext\b/i);
  });

  it("greets first, sends the caller's audio as the telephone's 8 kHz PCM and plays the model's as 8 kHz μ-law on the right stream", async () => {
    const client = await call();
    const session = await live.connection(0);
    expect(JSON.stringify(session.setup)).to.include('end_call').and.include('hold_slot');
    await session.waitFor(
      (received) => received.find((m) => JSON.stringify(m).includes('Greet them')),
      'the greeting prompt',
    );
    for (const frame of toneFrames(1000, 5)) client.media(frame);
    const chunks = await session.waitFor(
      (received) =>
        received.filter((m) => m.realtimeInput?.audio).length >= 5
          ? received.filter((m) => m.realtimeInput?.audio)
          : undefined,
      'five audio chunks',
    );
    expect(chunks[0]!.realtimeInput!.audio!.mimeType).to.equal('audio/pcm;rate=8000');
    // Each μ-law byte decoded to its PCM16 sample, nothing resampled: Gemini Live resamples what it is sent.
    const sent = Buffer.from(chunks[0]!.realtimeInput!.audio!.data!, 'base64');
    const frame = toneFrames(1000, 1)[0]!;
    expect(sent.length).to.equal(320);
    expect([...new Int16Array(sent.buffer, sent.byteOffset, 160)]).to.deep.equal([...mulaw.decode(frame)]);

    session.speak(liveVoice(4800));
    const media = await client.until(() => {
      const m = client.received.filter((r) => r.event === 'media');
      return m.length >= 10 ? m : undefined;
    }, '100 ms of audio');
    expect(media.every((m) => m.streamSid === client.streamSid)).to.equal(true);
    expect(Buffer.from(media[0]!.media!.payload, 'base64').length).to.equal(160);
    session.completeTurn();
    const mark = await client.until(
      () => client.received.find((m) => m.event === 'mark'),
      'a mark at the end of the turn',
    );
    expect(client.received.indexOf(mark)).to.be.greaterThan(client.received.indexOf(media.at(-1)!));
  });

  it('holds caller audio that arrives while the model connects, and sends none without a stream', async () => {
    live.neverCompleteSetup();
    const client = await rig.openStream(CALL_SID, CALLER);
    clients.push(client);
    for (const frame of toneFrames(500, 3)) client.media(frame);
    client.send({ event: 'nonsense' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received).to.deep.equal([]);
    expect(client.closed).to.equal(false);
  });

  it('drops binary frames, frames that are not JSON objects and media without a payload, with a warning each, and the call goes on', async () => {
    const client = await call();
    const session = await live.connection(0);
    client.sendRaw(Buffer.from([0x7b, 0x7d]), { binary: true });
    client.sendRaw('{"event":"media","media":', { binary: false });
    client.sendRaw('null', { binary: false });
    client.sendRaw('{"event":"media","media":{"payload":7}}', { binary: false });
    for (const frame of toneFrames(1000, 2)) client.media(frame);
    await session.waitFor(() => (session.audioChunks().length >= 2 ? true : undefined), 'the audio sent after them');
    expect(warnings.filter((warning) => warning.startsWith('media stream'))).to.deep.equal([
      'media stream: binary frame dropped',
      'media stream: malformed frame dropped',
      'media stream: malformed frame dropped',
      'media stream: media frame without a payload dropped',
    ]);
    expect(client.closed).to.equal(false);
  });

  it('ends only the stream whose frame breaks the WebSocket protocol; the server and the other calls go on', async () => {
    const broken = await call(`CA${'1'.repeat(32)}`, '+15550000011');
    const tooLarge = await call(`CA${'2'.repeat(32)}`, '+15550000012');
    const healthy = await call(`CA${'3'.repeat(32)}`, '+15550000013');
    const healthySession = await live.connection(2);
    broken.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    tooLarge.sendRaw('x'.repeat(2 * 1024 * 1024), { binary: false });
    await broken.until(() => broken.closeCode, 'the broken stream to close');
    await tooLarge.until(() => tooLarge.closeCode, 'the oversized stream to close');
    expect([broken.closeCode, tooLarge.closeCode]).to.deep.equal([1007, 1009]);

    for (const frame of toneFrames(1000, 2)) healthy.media(frame);
    await healthySession.waitFor(
      () => (healthySession.audioChunks().length >= 2 ? true : undefined),
      'audio on the healthy call',
    );
    expect(healthy.closed).to.equal(false);
    expect((await fetch(`${server.url}/api/v1/healthz`)).status).to.equal(200);
    expect(warnings.filter((warning) => warning.startsWith('media stream'))).to.deep.equal([
      'media stream: protocol error, stream closed',
      'media stream: protocol error, stream closed',
    ]);
  });

  it('logs every line of a call with its sid and a request id of its own, minted at the upgrade', async () => {
    const logger = new RecordingLogger();
    server = await rig.restart({ logger });
    const twiml = await ring();
    const fromUpgrade = logger.lines.length;
    const client = await rig.streamOf(twiml);
    clients.push(client);
    client.start(CALL_SID);
    const session = await live.connection(0);
    client.sendRaw('not json', { binary: false });
    session.callTools([{ id: 'call-1', name: 'hold_slot', args: { slotId: '2026-03-03T1000' } }]);
    await session.waitFor((received) => received.find((m) => m.toolResponse), 'the tool response');
    client.stop();
    await session.closed;

    const lines = logger.lines.slice(fromUpgrade);
    expect(lines.map(({ message }) => message)).to.include.members([
      'media stream: malformed frame dropped',
      'voice tool call',
    ]);
    const requestId = lines[0]?.fields.requestId;
    expect(lines.map(({ fields }) => [fields.callSid, fields.requestId])).to.deep.equal(
      lines.map(() => [CALL_SID, requestId]),
    );
    const webhookRequestIds = logger.lines.slice(0, fromUpgrade).map(({ fields }) => fields.requestId);
    expect(requestId).to.be.a('string').and.not.be.oneOf(webhookRequestIds);
  });

  describe('stopping the server while a call is in progress', () => {
    async function restartDraining(callDrainMs: number) {
      server = await rig.restart({ callDrainMs });
    }

    it('lets the call go on, refusing new streams meanwhile, and stops as soon as it has ended', async () => {
      // A drain longer than the test's own timeout: stopping must not wait it out once the call is over.
      await restartDraining(60_000);
      const client = await call();
      const session = await live.connection(0);
      const ringingMeanwhile = streamPathIn(await ring(`CA${'2'.repeat(32)}`, BOB))!;
      const stopped = server.close();

      const another = await TwilioMediaClient.connect({
        serverUrl: server.url,
        publicBaseUrl: PUBLIC_BASE_URL,
        authToken: AUTH_TOKEN,
        path: ringingMeanwhile,
      }).then(
        (connected) => {
          clients.push(connected);
          return 'connected';
        },
        () => 'refused',
      );
      expect(another).to.equal('refused');
      for (const frame of toneFrames(1000, 2)) client.media(frame);
      await session.waitFor(
        () => (session.audioChunks().length >= 2 ? true : undefined),
        'audio while the server drains',
      );
      expect(client.closed).to.equal(false);

      client.stop();
      await stopped;
    });

    it('tells a caller still on the line when the drain time is up that it is closing, and ends the call', async () => {
      const logger = new RecordingLogger();
      server = await rig.restart({ callDrainMs: 100, logger });
      const client = await call();
      await live.connection(0);
      await server.close();
      expect(rest.callUpdates).to.deep.equal([
        {
          sid: CALL_SID,
          form: {
            Twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Say>${LINE_CLOSING}</Say><Hangup/></Response>`,
          },
        },
      ]);
      expect(await client.until(() => client.closeCode, 'the stream to end')).to.be.a('number');
      expect(logger.withMessage('stopped')[0]?.fields.calls).to.deep.equal({ finished: 0, told: 1, cut: 0 });
    });

    it('has the receptionist tell the caller where no telephony API can, and ends the call once that has played', async () => {
      server = await rig.restart({ callDrainMs: 0, callControl: undefined });
      const client = await call();
      const session = await live.connection(0);
      await session.waitFor(
        (received) => received.find((m) => JSON.stringify(m).includes('Greet them')),
        'the greeting',
      );
      const stopped = server.close();
      await session.waitFor(
        (received) => received.find((m) => JSON.stringify(m).includes(LINE_CLOSING)),
        'the receptionist to be asked to say that the line is closing',
      );
      session.speak(liveVoice(2400));
      session.callTools([{ id: 'bye', name: 'end_call', args: {} }]);
      session.completeTurn();
      await stopped;
      expect(client.received.filter((m) => m.event === 'media')).to.not.be.empty;
      expect(await client.until(() => client.closeCode, 'the stream to end')).to.equal(1005);
    });
  });

  it('flushes what the caller has not heard when they speak over the receptionist', async () => {
    const client = await call();
    const session = await live.connection(0);
    session.speak(liveVoice(24000));
    await client.until(() => client.received.find((m) => m.event === 'media'), 'audio');
    session.interrupt();
    const clear = await client.until(() => client.received.find((m) => m.event === 'clear'), 'a clear');
    expect(clear.streamSid).to.equal(client.streamSid);
  });

  it('clears within one frame: the clear goes before the first frame the model sends after interrupting', async () => {
    const client = await call();
    const session = await live.connection(0);
    // One burst, as Gemini sends it: a second of the turn, the interruption, 20 ms of the next turn.
    session.speak(liveVoice(24000));
    session.interrupt();
    session.speak(liveVoice(480));
    const events = await client.until(
      () =>
        client.received.filter((m) => m.event === 'media').length >= 51
          ? client.received.map((m) => m.event)
          : undefined,
      'both turns',
    );
    expect(events.indexOf('clear')).to.equal(50);
    expect(events.slice(50)).to.deep.equal(['clear', 'media']);
  });

  it('books through a tool call as the caller, answering with the call id', async () => {
    await call();
    const session = await live.connection(0);
    session.callTools([{ id: 'call-1', name: 'hold_slot', args: { slotId: '2026-03-03T1000' } }]);
    const response = await session.waitFor(
      (received) => received.find((m) => m.toolResponse)?.toolResponse,
      'the tool response',
    );
    expect(response.functionResponses![0]).to.deep.include({ id: 'call-1', name: 'hold_slot' });
    const slots = (await server.request('GET', '/api/v1/slots?date=2026-03-03')).body.slots;
    expect(slots.find((s: { slotId: string }) => s.slotId === '2026-03-03T1000').status).to.equal('HELD');
  });

  it("puts a caller handed off to staff on the front desk's callback list", async () => {
    await call();
    const session = await live.connection(0);
    session.callTools([{ id: 'staff', name: 'hand_off_to_staff', args: { reason: 'asks about test results' } }]);
    const response = await session.waitFor(
      (received) => received.find((m) => m.toolResponse)?.toolResponse,
      'the tool response',
    );
    expect(response.functionResponses![0]).to.deep.include({ id: 'staff', name: 'hand_off_to_staff' });
    const { callbacks } = (await server.request('GET', '/api/v1/staff-callbacks')).body;
    expect(callbacks).to.have.length(1);
    expect(callbacks[0]).to.deep.include({
      phoneNumber: CALLER,
      reason: 'asks about test results',
      channel: 'sms',
      timesAsked: 1,
    });
  });

  it('answers a tool call Gemini makes while the session is still being handed to the call', async () => {
    await call();
    const session = await live.connection(0);
    // Sent at once, not after the greeting prompt: it can reach the call before connect() has resolved.
    session.callTools([{ id: 'early', name: 'end_call', args: {} }]);
    const response = await session.waitFor(
      (received) => received.find((m) => m.toolResponse)?.toolResponse,
      'the tool response',
    );
    expect(response.functionResponses![0]).to.deep.include({
      id: 'early',
      name: 'end_call',
      response: { ending: true },
    });
  });

  it('hangs up only after the goodbye has played to its last mark', async () => {
    const client = await call();
    client.echoMarks = false;
    const session = await live.connection(0);
    session.callTools([{ id: 'bye', name: 'end_call', args: {} }]);
    session.speak(liveVoice(2400));
    session.completeTurn();
    const mark = await client.until(() => client.received.filter((m) => m.event === 'mark').at(-1), 'the goodbye mark');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hangUps(rest)).to.deep.equal([]);
    client.send({ event: 'mark', streamSid: client.streamSid, mark: mark.mark });
    await client.until(() => hangUps(rest)[0], 'the hang-up');
    expect(hangUps(rest)).to.deep.equal([CALL_SID]);
  });

  it('passes keypad digits to the model', async () => {
    const client = await call();
    const session = await live.connection(0);
    client.dtmf('1');
    await session.waitFor((received) => received.find((m) => JSON.stringify(m).includes('pressed 1')), 'the digit');
  });

  it('keeps two calls apart', async () => {
    const [one, two] = [await call(`CA${'1'.repeat(32)}`, ALICE), await call(`CA${'2'.repeat(32)}`, BOB)];
    const [first, second] = [await live.connection(0), await live.connection(1)];
    first.speak(liveVoice(960));
    await one.until(() => one.received.find((m) => m.event === 'media'), 'audio on the first call');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(two.received.filter((m) => m.event === 'media')).to.deep.equal([]);
    second.callTools([{ id: 'c2', name: 'list_my_appointments', args: {} }]);
    await second.waitFor((received) => received.find((m) => m.toolResponse), 'the second call tool response');
    expect(first.received.some((m) => m.toolResponse)).to.equal(false);
  });

  it('carries the call on over a resumed session when the model connection drops', async () => {
    const client = await call();
    const first = await live.connection(0);
    first.offerResumption('handle-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.drop();
    const second = await live.connection(1);
    expect(second.resumptionHandle).to.equal('handle-1');
    second.speak(liveVoice(960));
    await client.until(() => client.received.find((m) => m.event === 'media'), 'audio over the resumed session');
    client.media(toneFrames(1000, 1)[0]!);
    await second.waitFor(
      (received) => received.find((m) => m.realtimeInput?.audio),
      'caller audio on the resumed session',
    );
  });

  /**
   * Opens the stream at `path` as Twilio would, signed over its URL (or with `signature`), and starts
   * it as `callSid` with `customParameters`: 'open', or the HTTP status the upgrade was refused with.
   */
  async function openStream(
    path: string,
    { signature, callSid = `CA${'f'.repeat(32)}`, customParameters = {} }: OpenStreamOptions = {},
  ): Promise<number | 'open' | string> {
    try {
      const client = await TwilioMediaClient.connect({
        serverUrl: server.url,
        publicBaseUrl: PUBLIC_BASE_URL,
        authToken: AUTH_TOKEN,
        path,
        ...(signature ? { signature } : {}),
      });
      clients.push(client);
      client.start(callSid, customParameters);
      return 'open';
    } catch (error) {
      const { message } = error as Error;
      return Number(/Unexpected server response: (\d+)/.exec(message)?.[1] ?? Number.NaN) || message;
    }
  }

  describe("who a stream is for: the credential its call's webhook put in its path, once, for a minute", () => {
    const OTHER_CALL = `CA${'e'.repeat(32)}`;
    /** What an eavesdropper takes for the victim's: their number and another call's CallSid, as the stream's parameters. */
    const NAMING_ALICE = { callSid: OTHER_CALL, customParameters: { caller: ALICE, callSid: OTHER_CALL } };

    it('refuses the stream URL and signature of an earlier call, replayed, and opens no Live session for it', async () => {
      const twiml = await ring();
      const genuine = await rig.streamOf(twiml);
      clients.push(genuine);
      genuine.start(CALL_SID);
      await live.connection(0);
      // The URL and signature of the genuine stream's upgrade: whoever saw it has both.
      const path = streamPathIn(twiml)!;
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `wss://clinic.example.com${path}`, {});

      expect(await openStream(path, { signature, ...NAMING_ALICE }), 'while the call goes on').to.equal(403);
      genuine.stop();
      await genuine.until(() => (genuine.closed ? true : undefined), 'the call to end');
      server.clock.advance(61_000);
      expect(await openStream(path, { signature, ...NAMING_ALICE }), 'after the call').to.equal(403);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(live.connections).to.have.length(1);
      expect(warnings).to.include('stream refused at the upgrade');
    });

    it('refuses a stream with no credential, or one altered, expired, or made without the auth token, though signed by Twilio', async () => {
      const credentialPath = async (callSid: string) => streamPathIn(await ring(callSid, CALLER))!;
      const altered = await credentialPath(`CA${'1'.repeat(32)}`);
      const at = altered.length - 20;
      const late = await credentialPath(`CA${'2'.repeat(32)}`);
      const inTime = await credentialPath(`CA${'3'.repeat(32)}`);
      const elsewhere = new StreamCredentials('another-deployments-auth-token', server.clock).issue({
        callSid: `CA${'4'.repeat(32)}`,
        caller: CALLER,
        clinicId: aClinic().id,
      });

      expect(await openStream(STREAM_PATH), 'no credential').to.equal(403);
      expect(await openStream(`${STREAM_PATH}/`), 'an empty one').to.equal(403);
      expect(
        await openStream(`${altered.slice(0, at)}${altered[at] === 'A' ? 'B' : 'A'}${altered.slice(at + 1)}`),
      ).to.equal(403);
      expect(await openStream(`${STREAM_PATH}/${elsewhere}`), 'made with another key').to.equal(403);
      server.clock.advance(59_000);
      expect(await openStream(inTime, { callSid: `CA${'3'.repeat(32)}` }), 'after 59 s').to.equal('open');
      server.clock.advance(2_000);
      expect(await openStream(late), 'after 61 s').to.equal(403);
      await live.connection(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(live.connections).to.have.length(1);
    });

    it('answers 429 to an address whose stream upgrades keep failing authentication, for a minute', async () => {
      // FAILED_AUTH_PER_ADDRESS_PER_MINUTE is 10, shared with the API's requests from the address.
      for (let attempt = 1; attempt <= 10; attempt++) {
        expect(await openStream(STREAM_PATH), `attempt ${attempt}`).to.equal(403);
      }
      expect(await openStream(STREAM_PATH), 'the eleventh').to.equal(429);
      const forged = await fetch(`${server.url}/api/v1/voice/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'forged' },
        body: new URLSearchParams({ From: CALLER, CallSid: CALL_SID }).toString(),
      });
      expect(forged.status, 'a forged webhook from the same address').to.equal(429);
      server.clock.advance(60_000);
      expect(await openStream(STREAM_PATH), 'a minute later').to.equal(403);
      expect(live.connections).to.have.length(0);
    });

    it("acts as the credential's caller, on the credential's call, whatever number and CallSid the stream's parameters give", async () => {
      const booked = { slotId: '2026-03-03T1000', phoneNumber: ALICE };
      expect((await server.request('POST', '/api/v1/slots/hold', booked)).status).to.equal(201);
      const { appointmentId } = (await server.request('POST', '/api/v1/appointments/confirm', booked)).body;
      const client = await rig.openStream(CALL_SID, CALLER);
      clients.push(client);
      client.start(NAMING_ALICE.callSid, NAMING_ALICE.customParameters);
      const session = await live.connection(0);
      const responseTo = async (id: string) =>
        (
          await session.waitFor(
            (received) => received.find((m) => m.toolResponse?.functionResponses?.[0]?.id === id)?.toolResponse,
            `the response to ${id}`,
          )
        ).functionResponses![0]!.response;

      session.callTools([{ id: 'mine', name: 'list_my_appointments', args: {} }]);
      expect(await responseTo('mine')).to.deep.equal({ appointments: [] });
      session.callTools([{ id: 'cancel', name: 'cancel_appointment', args: { appointmentId } }]);
      expect(JSON.stringify(await responseTo('cancel'))).to.include('"error"');
      const alices = (await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`))
        .body;
      expect(alices.appointments.map((a: { status: string }) => a.status)).to.deep.equal(['BOOKED']);

      session.callTools([{ id: 'bye', name: 'end_call', args: {} }]);
      session.completeTurn();
      await client.until(() => hangUps(rest)[0], 'the hang-up');
      expect(hangUps(rest)).to.deep.equal([CALL_SID]);
    });

    it('refuses with 503, before the WebSocket opens, a stream past VOICE_MAX_CALLS whose webhook another server answered', async () => {
      server = await rig.restart({ logger, voiceMaxCalls: 1 });
      const other = await rig.another();
      try {
        await call(`CA${'1'.repeat(32)}`, ALICE);
        const first = await live.connection(0);
        // The other server had a seat to offer; this one, where the stream lands, has none.
        const answeredElsewhere = streamPathIn(await rig.ring(`CA${'2'.repeat(32)}`, BOB, other))!;
        expect(await openStream(answeredElsewhere, { callSid: `CA${'2'.repeat(32)}` })).to.equal(503);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(live.connections).to.have.length(1);

        clients.at(0)!.stop();
        await first.closed;
        // With the seat free again, a stream whose webhook the other server answered is let in: any server takes any call.
        const later = streamPathIn(await rig.ring(`CA${'3'.repeat(32)}`, BOB, other))!;
        expect(await openStream(later, { callSid: `CA${'3'.repeat(32)}` })).to.equal('open');
        await live.connection(1);
      } finally {
        await other.close();
      }
    });
  });

  describe('a caller who hangs up while the model session is still connecting', () => {
    it('has the Live connection being set up closed at once', async () => {
      live.neverCompleteSetup();
      const client = await call();
      const gemini = await live.connection(0);
      client.stop();

      await gemini.closedSoon();
    });

    it('leaves no session open when Gemini completes the setup just after, and a goAway then opens nothing', async () => {
      live.neverCompleteSetup();
      const client = await call();
      const gemini = await live.connection(0);
      client.stop();
      await client.until(() => (client.closed ? true : undefined), 'the stream to close');
      gemini.completeSetup();
      gemini.offerResumption('handle-after-the-call');
      gemini.goAway();

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(live.connections).to.have.length(1);
      await gemini.closedSoon();
    });

    it('has a connection that a resumption is still setting up closed with the session', async () => {
      const client = await call();
      const first = await live.connection(0);
      first.offerResumption('handle-1');
      live.neverCompleteSetup();
      first.goAway();
      const second = await live.connection(1);
      client.stop();

      await Promise.all([first.closedSoon(), second.closedSoon()]);
      expect(live.connections).to.have.length(2);
    });
  });

  it('ends the stream when the model is lost for good, so Twilio goes on to the speech IVR', async () => {
    const client = await call();
    const first = await live.connection(0);
    first.drop();
    await client.until(() => (client.closed ? true : undefined), 'the stream to close');
  });
});

describe('booking during a call', () => {
  it('books a real slot through tool calls and sends the confirmation text', async () => {
    const messenger = new RecordingMessenger();
    const rig = await LiveCallRig.start({ messenger, outboxPollMs: 20 });
    const { live, server } = rig;
    const client = await rig.call(CALL_SID, CALLER);
    try {
      const session = await live.connection(0);
      const responseTo = (id: string) =>
        session.waitFor(
          (received) => received.find((m) => m.toolResponse?.functionResponses?.[0]?.id === id)?.toolResponse,
          `the response to ${id}`,
        );
      session.callTools([{ id: 'hold', name: 'hold_slot', args: { slotId: '2026-03-03T1000' } }]);
      await responseTo('hold');
      session.callTools([{ id: 'confirm', name: 'confirm_appointment', args: { slotId: '2026-03-03T1000' } }]);
      const confirmed = await responseTo('confirm');
      expect(JSON.stringify(confirmed.functionResponses![0]!.response)).to.include('"status":"BOOKED"');
      const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(CALLER)}`);
      expect(body.appointments.map((a: { slotId: string; status: string }) => [a.slotId, a.status])).to.deep.equal([
        ['2026-03-03T1000', 'BOOKED'],
      ]);
      const text = await client.until(() => messenger.sent[0], 'the confirmation text');
      expect(text).to.deep.include({ to: CALLER, channel: 'sms' });
      expect(text.body).to.match(/^Test Clinic: your appointment is booked for Tuesday 3 March at 10:00/);
    } finally {
      client.close();
      await rig.close();
    }
  });
});

describe('a caller who has gone quiet', () => {
  it('is asked whether they are still there, then told goodbye, as the clinic clock passes the silence time', async () => {
    const rig = await LiveCallRig.start({ voiceSilenceMs: 12_000 });
    const { live, server } = rig;
    const client = await rig.call(CALL_SID, CALLER);
    try {
      const session = await live.connection(0);
      // Each turn's end is marked to the caller, and from then on silence is timed.
      const turnEnds = async (turn: number) => {
        session.completeTurn();
        await client.until(
          () => client.received.find((m) => m.event === 'mark' && m.mark?.name === `turn-${turn}`),
          `the mark of turn ${turn}`,
        );
      };
      await turnEnds(1);
      server.clock.advance(12_000);
      await session.waitFor(
        (received) => received.find((m) => JSON.stringify(m).includes('still there')),
        'the are-you-there prompt',
      );
      await turnEnds(2);
      server.clock.advance(12_000);
      await session.waitFor(
        (received) => received.find((m) => JSON.stringify(m).includes('polite goodbye')),
        'the goodbye prompt',
      );
    } finally {
      client.close();
      await rig.close();
    }
  });
});
