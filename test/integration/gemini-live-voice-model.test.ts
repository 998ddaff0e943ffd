import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { loadConfig } from '../../config/load-config.js';
import { GeminiLiveError } from '../../src/adapters/gemini/gemini-live-error.js';
import {
  createGeminiLiveVoiceModel,
  type GeminiLiveSettings,
} from '../../src/adapters/gemini/gemini-live-voice-model.js';
import { BOOKING_TOOLS, TOOL_NAMES } from '../../src/application/tool-catalog.js';
import { buildContainer } from '../../src/container.js';
import { TOKENS } from '../../src/ports/tokens.js';
import type { VoiceModel, VoiceSession } from '../../src/ports/voice-model.js';
import { FakeGeminiLive } from '../support/fake-gemini-live.js';
import type { FakeLiveConnection } from '../support/fake-gemini-live-connection.js';
import { RecordingVoiceEvents } from '../support/fake-gemini-live-events.js';
import { geminiSettings } from '../support/gemini-settings.js';
import { rejectionOf } from '../support/rejection-of.js';
import { PROJECT_ROOT } from '../support/server-process.js';

const API_KEY = 'AIzaSy-live-test-key-for-the-fake-server';
const SYSTEM_INSTRUCTION = 'You are the receptionist of Test Clinic, on the phone.';
const SETUP = { systemInstruction: SYSTEM_INSTRUCTION, tools: BOOKING_TOOLS };

/** Samples that catch a swapped byte order, a lost sign or a clipped extreme. */
const SAMPLES = new Int16Array([0, 1, -1, 258, -258, 32767, -32768]);
const SAMPLES_AS_LE_BYTES = [0, 0, 1, 0, 0xff, 0xff, 0x02, 0x01, 0xfe, 0xfe, 0xff, 0x7f, 0x00, 0x80];

const bytesOf = (base64: string | undefined) => [...Buffer.from(base64 ?? '', 'base64')];

describe('Gemini Live voice model (real SDK against a fake Gemini Live server)', () => {
  let fake: FakeGeminiLive;
  let events: RecordingVoiceEvents;
  const sessions: VoiceSession[] = [];

  beforeEach(async () => {
    fake = await FakeGeminiLive.start({ apiKey: API_KEY });
    events = new RecordingVoiceEvents();
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
    await fake.close();
  });

  const voiceModel = (settings: Partial<GeminiLiveSettings> = {}) =>
    createGeminiLiveVoiceModel({
      ...geminiSettings(API_KEY, fake.url).live,
      model: 'gemini-test-live',
      connectTimeoutMs: 1_000,
      resumption: { attempts: 3, delayMs: 10 },
      ...settings,
    });

  async function connect(
    settings: Partial<GeminiLiveSettings> = {},
  ): Promise<{ session: VoiceSession; gemini: FakeLiveConnection }> {
    const session = await voiceModel(settings).connect(SETUP, events);
    sessions.push(session);
    return { session, gemini: await fake.connection(0) };
  }

  /** Streams the caller's audio as a call does, a chunk every 10 ms, until `gemini` has heard some. */
  async function streamUntilHeard(session: VoiceSession, gemini: FakeLiveConnection) {
    const streaming = setInterval(() => session.sendAudio(SAMPLES), 10);
    try {
      return await gemini.waitFor(() => gemini.audioChunks()[0], "the caller's audio");
    } finally {
      clearInterval(streaming);
    }
  }

  /** Gemini's messages are handled in order: once this marker is heard, so is everything `gemini` sent before it. */
  async function heardSoFar(gemini: FakeLiveConnection) {
    gemini.transcribeReceptionist('(marker)');
    await events.waitFor('transcript', events.of('transcript').length + 1);
  }

  /** A session whose connection has handed out `handle`, so that it can be resumed. */
  async function connectResumable(handle: string, settings: Partial<GeminiLiveSettings> = {}) {
    const connected = await connect(settings);
    connected.gemini.offerResumption(handle);
    await heardSoFar(connected.gemini);
    return connected;
  }

  describe('setting up a session', () => {
    it('opens the BidiGenerateContent socket with the key in its query, and sets up the configured model', async () => {
      await connect();
      const { upgrade, setup } = await fake.connection(0);

      expect(voiceModel().name).to.equal('gemini-live:gemini-test-live');
      // The SDK's own double slash; v1beta, where Gemini serves the Live API, unless configured otherwise.
      expect(upgrade.path).to.equal('//ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent');
      expect(upgrade.key).to.equal(API_KEY);
      expect(setup!.model).to.equal('models/gemini-test-live');
    });

    it('uses the configured API version, whatever GOOGLE_GENAI_API_VERSION says', async () => {
      process.env.GOOGLE_GENAI_API_VERSION = 'v1alpha';
      try {
        await connect({ apiVersion: 'v1' });
        await connect();
      } finally {
        delete process.env.GOOGLE_GENAI_API_VERSION;
      }

      expect((await fake.connection(0)).upgrade.path).to.equal(
        '//ws/google.ai.generativelanguage.v1.GenerativeService.BidiGenerateContent',
      );
      expect((await fake.connection(1)).upgrade.path).to.equal(
        '//ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent',
      );
    });

    it('is set up from the environment: model, voice, API version and base URL', async () => {
      const config = loadConfig(
        {
          STORAGE: 'memory',
          GEMINI_API_KEY: API_KEY,
          GOOGLE_GEMINI_BASE_URL: fake.url,
          GEMINI_LIVE_MODEL: 'gemini-env-live',
          GEMINI_LIVE_VOICE: 'Puck',
          GEMINI_API_VERSION: 'v1alpha',
          GEMINI_LIVE_INPUT_RATE: '16000',
        },
        PROJECT_ROOT,
      );
      const fromEnvironment = buildContainer(config).get<VoiceModel>(TOKENS.VoiceModel);
      sessions.push(await fromEnvironment.connect(SETUP, events));
      const { upgrade, setup } = await fake.connection(0);

      expect(fromEnvironment.name).to.equal('gemini-live:gemini-env-live');
      expect(fromEnvironment.callerSampleRate).to.equal(16_000);
      expect(upgrade.path).to.equal('//ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent');
      expect(setup!.generationConfig?.speechConfig).to.deep.equal({
        voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } },
      });
    });

    it('defaults to Gemini 2.5 Flash with native audio, on the v1beta API where Live is documented', () => {
      const { live } = geminiSettings(API_KEY);
      expect(createGeminiLiveVoiceModel(live).name).to.match(/^gemini-live:gemini-2\.5-flash-native-audio/);
      expect(live.apiVersion).to.equal('v1beta');
    });

    it('sends the system instruction, and the tool catalog as function declarations with their JSON schema', async () => {
      const { gemini } = await connect();

      expect(gemini.setup!.systemInstruction).to.deep.include({ parts: [{ text: SYSTEM_INSTRUCTION }] });
      expect(gemini.setup!.tools).to.deep.equal([
        {
          functionDeclarations: BOOKING_TOOLS.map(({ name, description, parameters }) => ({
            name,
            description,
            parametersJsonSchema: parameters,
          })),
        },
      ]);
    });

    it('asks for audio answers, transcripts of both sides and resumption handles', async () => {
      const { gemini } = await connect();

      expect(gemini.setup!.generationConfig?.responseModalities).to.deep.equal(['AUDIO']);
      expect(gemini.setup!.inputAudioTranscription).to.deep.equal({});
      expect(gemini.setup!.outputAudioTranscription).to.deep.equal({});
      expect(gemini.setup!.sessionResumption).to.deep.equal({});
    });

    it('asks for the configured voice, and leaves the choice to Gemini otherwise', async () => {
      const { gemini } = await connect({ voiceName: 'Kore' });
      expect(gemini.setup!.generationConfig?.speechConfig).to.deep.equal({
        voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } },
      });

      sessions.push(await voiceModel().connect(SETUP, events));
      expect((await fake.connection(1)).setup!.generationConfig?.speechConfig).to.equal(undefined);
    });

    it('gives up with a timeout, and closes the socket, when Gemini never completes the setup', async () => {
      fake.neverCompleteSetup();
      const error = await rejectionOf(voiceModel({ connectTimeoutMs: 200 }).connect(SETUP, events));

      expect(error).to.be.instanceOf(GeminiLiveError);
      expect((error as GeminiLiveError).kind).to.equal('timeout');
      expect(error.message).to.equal('Gemini Live (gemini-test-live) did not complete the setup within 200 ms');
      await (await fake.connection(0)).closed;
      expect(events.recorded).to.deep.equal([]);
    });

    it('fails with the close code and reason when Gemini refuses the setup', async () => {
      const error = await rejectionOf(voiceModel({ apiKey: 'AIzaSy-a-wrong-key' }).connect(SETUP, events));

      expect(error).to.be.instanceOf(GeminiLiveError);
      expect((error as GeminiLiveError).kind).to.equal('refused');
      expect(error.message).to.equal(
        'Gemini Live closed the connection before completing the setup (1007: API key not valid. Please pass a valid API key.)',
      );
    });

    it('fails promptly when nothing listens at the address', async () => {
      // The next fake starts first, so that it cannot be given the port just freed.
      const stopped = fake;
      const address = stopped.url;
      fake = await FakeGeminiLive.start();
      await stopped.close();
      const error = await rejectionOf(voiceModel({ baseUrl: address, connectTimeoutMs: 5_000 }).connect(SETUP, events));

      expect((error as GeminiLiveError).kind).to.equal('refused');
      expect(error.message).to.match(
        /^Gemini Live closed the connection before completing the setup \(1006: connect ECONNREFUSED/,
      );
    });

    it('never puts the API key in an error, even when a server echoes it back', async () => {
      fake.refuseSetup(1008, `Refused ${API_KEY}`);
      const error = await rejectionOf(voiceModel().connect(SETUP, events));

      expect(error.message).to.not.include(API_KEY);
      expect(error.message).to.include('Refused [GEMINI_API_KEY]');
    });
  });

  describe('audio', () => {
    it("streams the caller's audio as base64 PCM16 little-endian, labelled as the telephone's 8 kHz unless told 16", async () => {
      const { session, gemini } = await connect();
      session.sendAudio(SAMPLES);
      session.sendAudio(new Int16Array([7]));

      const [first, second] = await gemini.waitFor(
        (received) => (received.length >= 2 ? gemini.audioChunks() : undefined),
        'two audio chunks',
      );
      expect(first!.mimeType).to.equal('audio/pcm;rate=8000');
      expect(voiceModel().callerSampleRate).to.equal(8_000);
      expect(voiceModel({ callerSampleRate: 16_000 }).callerSampleRate).to.equal(16_000);
      expect(bytesOf(first!.data)).to.deep.equal(SAMPLES_AS_LE_BYTES);
      expect(bytesOf(second!.data)).to.deep.equal([7, 0]);
    });

    it("hands over the receptionist's 24 kHz audio as the very samples Gemini sent", async () => {
      const { gemini } = await connect();
      gemini.speak(SAMPLES);
      gemini.speak(new Int16Array([-7]));

      const [first, second] = await events.waitFor('audio', 2);
      expect([...first!.pcm24k]).to.deep.equal([...SAMPLES]);
      expect([...second!.pcm24k]).to.deep.equal([-7]);
    });

    it('keeps what Gemini sent while the setup was completing, and delivers it once connected', async () => {
      fake.followSetupWith(
        { serverContent: { outputTranscription: { text: 'Hello,' } } },
        { sessionResumptionUpdate: { newHandle: 'handle-early', resumable: true } },
      );
      const { gemini } = await connect();

      expect((await events.waitFor('transcript'))[0]).to.deep.include({ speaker: 'receptionist', text: 'Hello,' });
      gemini.drop();
      expect((await fake.connection(1)).resumptionHandle).to.equal('handle-early');
    });
  });

  describe('turns, transcripts and text', () => {
    it('tells the call at once when the caller interrupts, and when the turn is complete', async () => {
      const { gemini } = await connect();
      gemini.speak(SAMPLES);
      gemini.interrupt();
      gemini.completeTurn();

      await events.waitFor('turnComplete');
      expect(events.recorded.map(({ event }) => event)).to.deep.equal(['audio', 'interrupted', 'turnComplete']);
    });

    it('ignores messages that are not JSON objects, or whose fields have other shapes, and goes on', async () => {
      const { gemini } = await connect();
      for (const odd of [
        'not json',
        'null',
        '42',
        '[1,2]',
        '{"serverContent":{"modelTurn":{"parts":5}}}',
        '{"toolCall":{"functionCalls":{"id":1}}}',
      ])
        gemini.sendRaw(odd);
      gemini.speak(SAMPLES);

      await events.waitFor('audio');
      expect(events.recorded.map(({ event }) => event)).to.deep.equal(['audio']);
    });

    it('passes on what the caller said and what the receptionist said', async () => {
      const { gemini } = await connect();
      gemini.transcribeCaller('I need an appointment');
      gemini.transcribeReceptionist('Of course.');

      const transcripts = await events.waitFor('transcript', 2);
      expect(transcripts.map(({ speaker, text }) => [speaker, text])).to.deep.equal([
        ['caller', 'I need an appointment'],
        ['receptionist', 'Of course.'],
      ]);
    });

    it('sends text the caller did not speak as realtime text input', async () => {
      const { session, gemini } = await connect();
      session.sendText('The caller pressed 1');

      const input = await gemini.waitFor(
        (received) => received.find((message) => message.realtimeInput?.text)?.realtimeInput,
        'realtime text',
      );
      expect(input).to.deep.equal({ text: 'The caller pressed 1' });
    });
  });

  describe('tool calls', () => {
    it('passes tool calls on with their ids, and answers them with function responses of the same ids', async () => {
      const { session, gemini } = await connect();
      gemini.callTools([
        { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } },
        { id: 'call-2', name: TOOL_NAMES.listMyAppointments, args: {} },
      ]);

      const [toolCalls] = await events.waitFor('toolCalls');
      expect(toolCalls!.calls).to.deep.equal([
        { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } },
        { id: 'call-2', name: TOOL_NAMES.listMyAppointments, args: {} },
      ]);

      session.sendToolResults([
        { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, response: { slots: [] } },
        { id: 'call-2', name: TOOL_NAMES.listMyAppointments, response: { appointments: [] } },
      ]);
      const response = await gemini.waitFor(
        (received) => received.find((message) => message.toolResponse)?.toolResponse,
        'a tool response',
      );
      expect(response.functionResponses).to.deep.equal([
        { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, response: { slots: [] } },
        { id: 'call-2', name: TOOL_NAMES.listMyAppointments, response: { appointments: [] } },
      ]);
    });

    it('tells the call when Gemini cancels tool calls, and does not send their late results', async () => {
      const { session, gemini } = await connect();
      gemini.callTools([
        { id: 'call-1', name: TOOL_NAMES.holdSlot, args: { slotId: 'slot-1' } },
        { id: 'call-2', name: TOOL_NAMES.listMyAppointments, args: {} },
      ]);
      await events.waitFor('toolCalls');
      gemini.cancelToolCalls(['call-1']);

      expect((await events.waitFor('toolCallsCancelled'))[0]!.ids).to.deep.equal(['call-1']);
      session.sendToolResults([
        { id: 'call-1', name: TOOL_NAMES.holdSlot, response: { held: true } },
        { id: 'call-2', name: TOOL_NAMES.listMyAppointments, response: { appointments: [] } },
      ]);
      const response = await gemini.waitFor(
        (received) => received.find((message) => message.toolResponse)?.toolResponse,
        'a tool response',
      );
      expect(response.functionResponses?.map(({ id }) => id)).to.deep.equal(['call-2']);
    });

    it('refuses a tool result without an id, which Gemini Live could not match to its call', async () => {
      const { session } = await connect();
      expect(() => session.sendToolResults([{ name: TOOL_NAMES.listMyAppointments, response: {} }])).to.throw(
        /list_my_appointments has none/,
      );
    });
  });

  describe('keeping the session alive', () => {
    it('moves to a new connection that presents the latest handle when Gemini says goAway, and the call goes on', async () => {
      const { session, gemini: first } = await connect();
      first.offerResumption('handle-1');
      first.offerResumption('handle-2');
      first.goAway('5s');

      const second = await fake.connection(1);
      expect(second.resumptionHandle).to.equal('handle-2');
      expect(second.setup!.tools).to.deep.equal(first.setup!.tools);
      await first.closed;

      expect(bytesOf((await streamUntilHeard(session, second)).data)).to.deep.equal(SAMPLES_AS_LE_BYTES);
      second.speak(SAMPLES);
      expect([...(await events.waitFor('audio'))[0]!.pcm24k]).to.deep.equal([...SAMPLES]);
      expect(first.audioChunks()).to.deep.equal([]);
      expect(events.of('closed')).to.deep.equal([]);
    });

    it('resumes with the last handle when the connection drops without warning', async () => {
      const { session, gemini: first } = await connectResumable('handle-1');
      first.drop();

      const second = await fake.connection(1);
      expect(second.resumptionHandle).to.equal('handle-1');
      await streamUntilHeard(session, second);
      second.speak(SAMPLES);
      await events.waitFor('audio');
      expect(events.of('closed')).to.deep.equal([]);
    });

    it('keeps the last resumable handle when Gemini says the session cannot be resumed at this point', async () => {
      const { gemini: first } = await connectResumable('handle-1');
      first.withholdResumption();
      await heardSoFar(first);
      first.drop();

      expect((await fake.connection(1)).resumptionHandle).to.equal('handle-1');
    });

    it('cancels the tool calls the dropped connection was waiting on, whose results no new connection would take', async () => {
      const { session, gemini: first } = await connectResumable('handle-1');
      first.callTools([{ id: 'call-1', name: TOOL_NAMES.confirmAppointment, args: { slotId: 'slot-1' } }]);
      await events.waitFor('toolCalls');
      first.drop();

      expect((await events.waitFor('toolCallsCancelled'))[0]!.ids).to.deep.equal(['call-1']);
      const second = await fake.connection(1);
      session.sendToolResults([{ id: 'call-1', name: TOOL_NAMES.confirmAppointment, response: { booked: true } }]);
      session.sendText('still there?');
      await second.waitFor(
        (received) => received.find((message) => message.realtimeInput?.text),
        'the text after the stale result',
      );
      expect(second.received.filter((message) => message.toolResponse)).to.deep.equal([]);
    });

    it('tells the call the session is lost when Gemini refuses to resume it, after a bounded number of attempts', async () => {
      const { gemini: first } = await connectResumable('handle-1');
      fake.revokeHandles();
      first.drop();

      expect((await events.waitFor('closed'))[0]!.reason).to.equal('lost');
      expect(fake.connections.map(({ resumptionHandle }) => resumptionHandle)).to.deep.equal([
        undefined,
        'handle-1',
        'handle-1',
        'handle-1',
      ]);
    });

    it('tells the call the session is lost when the connection drops before Gemini gave any handle', async () => {
      const { gemini } = await connect();
      gemini.drop();

      expect((await events.waitFor('closed'))[0]!.reason).to.equal('lost');
      await sleep(50);
      expect(fake.connections).to.have.length(1);
    });
  });

  describe('closing', () => {
    it('closes the socket and tells the call the session ended, once, without reconnecting', async () => {
      const { session, gemini } = await connectResumable('handle-1');
      await session.close();
      await session.close();

      await gemini.closed;
      await sleep(50);
      expect(events.of('closed')).to.deep.equal([{ event: 'closed', reason: 'ended' }]);
      expect(fake.connections).to.have.length(1);
    });

    it('sends nothing more once closed', async () => {
      const { session, gemini } = await connect();
      await session.close();
      session.sendAudio(SAMPLES);
      session.sendText('hello?');

      await gemini.closed;
      expect(gemini.received).to.deep.equal([]);
    });

    it('gives up a setup still in progress when the call ends, closing its socket at once', async () => {
      fake.neverCompleteSetup();
      const callEnded = new AbortController();
      const connecting = voiceModel({ connectTimeoutMs: 10_000 }).connect(SETUP, events, callEnded.signal);
      const gemini = await fake.connection(0);
      callEnded.abort();

      const error = await rejectionOf(connecting);
      expect(error).to.be.instanceOf(GeminiLiveError);
      expect((error as GeminiLiveError).kind).to.equal('cancelled');
      expect(error.message).to.equal('Gemini Live (gemini-test-live): the call ended before the setup completed');
      await gemini.closedSoon();
      expect(events.recorded).to.deep.equal([]);
    });

    it('opens no socket for a call that has already ended', async () => {
      const error = await rejectionOf(voiceModel().connect(SETUP, events, AbortSignal.abort()));

      expect((error as GeminiLiveError).kind).to.equal('cancelled');
      await sleep(50);
      expect(fake.connections).to.deep.equal([]);
    });

    it('closes the connection a resumption is still setting up, and tries no other', async () => {
      const { session, gemini: first } = await connectResumable('handle-1', { connectTimeoutMs: 10_000 });
      fake.neverCompleteSetup();
      first.goAway();
      const second = await fake.connection(1);
      await session.close();

      await Promise.all([first.closedSoon(), second.closedSoon()]);
      await sleep(50);
      expect(fake.connections).to.have.length(2);
      expect(events.of('closed')).to.deep.equal([{ event: 'closed', reason: 'ended' }]);
    });
  });
});
