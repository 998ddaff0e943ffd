import { createGeminiLiveVoiceModel } from '../../src/adapters/gemini/gemini-live-voice-model.js';
import { TwilioCallControl } from '../../src/adapters/twilio/twilio-call-control.js';
import { FakeGeminiLive } from './fake-gemini-live.js';
import { FakeTwilioRest } from './fake-twilio-rest.js';
import { geminiSettings } from './gemini-settings.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
export const AUTH_TOKEN = 'twilio-auth-token-for-tests';
export const PUBLIC_BASE_URL = 'https://clinic.example.com';
export const STREAM_PATH = '/api/v1/voice/stream';
export const TRANSFER_ENDED_URL = `${PUBLIC_BASE_URL}/api/v1/voice/transfer-ended`;

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

  async close(): Promise<void> {
    await this.server.close();
    await this.live.close();
    await this.rest.close();
  }
}

function serverOptions(live: FakeGeminiLive, rest: FakeTwilioRest, options: TestServerOptions): TestServerOptions {
  return {
    twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
    voiceModel: createGeminiLiveVoiceModel(geminiSettings('live-key', live.url).live),
    callControl: new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } },
      { httpClient: rest.httpClient(), transferEndedUrl: TRANSFER_ENDED_URL },
    ),
    ...options,
  };
}
