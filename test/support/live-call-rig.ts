import { createGeminiLiveVoiceModel } from '../../src/adapters/gemini/gemini-live-voice-model.js';
import { TwilioCallControl } from '../../src/adapters/twilio/twilio-call-control.js';
import { CLINIC_NUMBER } from './clinic-builder.js';
import { FakeGeminiLive } from './fake-gemini-live.js';
import { FakeTwilioRest } from './fake-twilio-rest.js';
import { geminiSettings } from './gemini-settings.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';
import { ringVoiceWebhook, streamParametersIn, streamPathIn, TwilioMediaClient } from './twilio-media-client.js';

export const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const AUTH_TOKEN = 'twilio-auth-token-for-tests';
export const PUBLIC_BASE_URL = 'https://clinic.example.com';
export const STREAM_PATH = '/api/v1/voice/stream';
export const TRANSFER_ENDED_URL = `${PUBLIC_BASE_URL}/api/v1/voice/transfer-ended`;
const SIGNING = { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL };

/**
 * A server set up for live calls as a clinic runs one, on fakes: Twilio's signatures checked, the
 * voice model on the fake Gemini Live, and hang-ups and transfers through the real Twilio SDK to the
 * fake of its Calls API.
 */
export class LiveCallRig {
  private constructor(
    readonly live: FakeGeminiLive,
    readonly rest: FakeTwilioRest,
    public server: TestServer,
  ) {}

  static async start(options: TestServerOptions = {}): Promise<LiveCallRig> {
    const live = await FakeGeminiLive.start({ apiKey: 'live-key' });
    const rest = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
    return new LiveCallRig(live, rest, await startTestServer(serverOptions(live, rest, options)));
  }

  /** The same fakes behind a new server, set up with `options` over the rig's own. */
  async restart(options: TestServerOptions): Promise<TestServer> {
    await this.server.close();
    this.server = await startTestServer(serverOptions(this.live, this.rest, options));
    return this.server;
  }

  /** Another server of the same deployment (the same Twilio account, public URL and fakes); the test closes it. */
  another(options: TestServerOptions = {}): Promise<TestServer> {
    return startTestServer(serverOptions(this.live, this.rest, options));
  }

  /** Twilio's voice webhook for an incoming call, signed, on `server`: the TwiML it answered. */
  ring(callSid: string, caller: string, server: TestServer = this.server): Promise<string> {
    return ringVoiceWebhook(server.url, SIGNING, { callSid, caller, to: CLINIC_NUMBER });
  }

  /** The stream a webhook's TwiML connected its call to, opened as Twilio opens it (signed), on `server`; not started. */
  async streamOf(twiml: string, server: TestServer = this.server): Promise<TwilioMediaClient> {
    const path = streamPathIn(twiml);
    if (!path) throw new Error(`the webhook connected the call to no stream: ${twiml}`);
    const client = await TwilioMediaClient.connect({ serverUrl: server.url, ...SIGNING, path });
    client.parameters = streamParametersIn(twiml);
    return client;
  }

  /** The webhook rung for `callSid`, and the stream it answered opened; not started. */
  async openStream(callSid: string, caller: string, server: TestServer = this.server): Promise<TwilioMediaClient> {
    return this.streamOf(await this.ring(callSid, caller, server), server);
  }

  /** A live call as Twilio places it: the webhook rung, then the stream it answered opened and started. */
  async call(callSid: string, caller: string): Promise<TwilioMediaClient> {
    const client = await this.openStream(callSid, caller);
    client.start(callSid);
    return client;
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.live.close();
    await this.rest.close();
  }
}

function serverOptions(live: FakeGeminiLive, rest: FakeTwilioRest, options: TestServerOptions): TestServerOptions {
  return {
    twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
    voiceModel: createGeminiLiveVoiceModel({
      ...geminiSettings('live-key', live.url).live,
      ...(options.voiceAudioChunkMs ? { audioChunkMs: options.voiceAudioChunkMs } : {}),
      ...(options.callerSampleRate ? { callerSampleRate: options.callerSampleRate } : {}),
    }),
    callControl: new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } },
      { httpClient: rest.httpClient(), transferEndedUrl: TRANSFER_ENDED_URL },
    ),
    ...options,
  };
}
