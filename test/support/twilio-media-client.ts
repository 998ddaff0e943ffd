import { once } from 'node:events';
import alawmulaw from 'alawmulaw';
import twilio from 'twilio';
import WebSocket from 'ws';

const { mulaw } = alawmulaw;

export interface TwilioOutbound {
  event: 'media' | 'mark' | 'clear';
  streamSid: string;
  media?: { payload: string };
  mark?: { name: string };
}

/** 20 ms of a sine at `hz`, 8 kHz μ-law, continuing the phase from frame to frame. */
export function toneFrames(hz: number, frames: number, amplitude = 8000): Uint8Array[] {
  return Array.from({ length: frames }, (_, f) => {
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++) pcm[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * (f * 160 + i)) / 8000));
    return mulaw.encode(pcm);
  });
}

/** What Twilio signs with, and the public address it signs over. */
export interface TwilioSigning {
  authToken: string;
  publicBaseUrl: string;
}

/** A Twilio webhook at `path` (query included), posted and signed as Twilio does: its status and body. */
export async function postTwilioWebhook(
  serverUrl: string,
  { authToken, publicBaseUrl }: TwilioSigning,
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${serverUrl}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${path}`, form),
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, text: await response.text() };
}

/** Twilio's voice webhook for an incoming call, signed as Twilio signs it: the TwiML the server answered. */
export async function ringVoiceWebhook(
  serverUrl: string,
  signing: TwilioSigning,
  call: { callSid: string; caller: string; to: string },
): Promise<string> {
  const form = { CallSid: call.callSid, From: call.caller, To: call.to };
  return (await postTwilioWebhook(serverUrl, signing, '/api/v1/voice/webhook', form)).text;
}

/** The path of the stream the TwiML connects the call to, its credential included; undefined when it connects none. */
export function streamPathIn(twiml: string): string | undefined {
  const url = /<Stream url="([^"]+)"/.exec(twiml)?.[1];
  return url === undefined ? undefined : new URL(url).pathname;
}

/** The stream's `<Parameter>`s in the TwiML: what Twilio hands back as the `start` message's custom parameters. */
export function streamParametersIn(twiml: string): Record<string, string> {
  return Object.fromEntries(
    [...twiml.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
  );
}

/**
 * Plays Twilio's side of a bidirectional Media Stream: signs the upgrade as Twilio does (over the
 * wss:// URL, no parameters), sends connected/start/media/dtmf/stop, records what the server sends,
 * and, like Twilio, answers each mark once the audio before it has "played" (here: at once).
 */
export class TwilioMediaClient {
  readonly received: TwilioOutbound[] = [];
  echoMarks = true;
  /** The `<Parameter>`s of the TwiML that opened this stream, which Twilio sends back in `start`. */
  parameters: Record<string, string> = {};
  /** How the server ended the stream, once it has. */
  closeCode: number | undefined;
  private constructor(
    private readonly socket: WebSocket,
    readonly streamSid: string,
  ) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as TwilioOutbound;
      this.received.push(message);
      if (message.event === 'mark' && this.echoMarks) this.send({ event: 'mark', streamSid, mark: message.mark });
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  static async connect(options: {
    serverUrl: string;
    publicBaseUrl: string;
    authToken: string;
    path: string;
    signature?: string;
  }): Promise<TwilioMediaClient> {
    const signed = `${options.publicBaseUrl.replace(/^http/, 'ws')}${options.path}`;
    const socket = new WebSocket(`${options.serverUrl.replace(/^http/, 'ws')}${options.path}`, {
      headers: {
        'X-Twilio-Signature': options.signature ?? twilio.getExpectedTwilioSignature(options.authToken, signed, {}),
      },
    });
    await once(socket, 'open');
    return new TwilioMediaClient(socket, `MZ${Math.random().toString(16).slice(2).padEnd(32, '0')}`);
  }

  send(message: object) {
    this.socket.send(JSON.stringify(message));
  }

  /** Twilio's `start`: custom parameters are the TwiML's `<Parameter>`s, unless a test says otherwise. */
  start(callSid: string, customParameters: Record<string, string> = this.parameters) {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: '1',
      start: {
        streamSid: this.streamSid,
        accountSid: `AC${'0'.repeat(32)}`,
        callSid,
        tracks: ['inbound'],
        customParameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
      streamSid: this.streamSid,
    });
  }

  media(frame: Uint8Array, timestamp = 0) {
    this.send({
      event: 'media',
      streamSid: this.streamSid,
      media: {
        track: 'inbound',
        chunk: '1',
        timestamp: String(timestamp),
        payload: Buffer.from(frame).toString('base64'),
      },
    });
  }

  dtmf(digit: string) {
    this.send({ event: 'dtmf', streamSid: this.streamSid, dtmf: { track: 'inbound_track', digit } });
  }

  stop() {
    this.send({ event: 'stop', streamSid: this.streamSid, stop: {} });
  }

  async until<T>(probe: () => T | undefined, what: string, timeoutMs = 3_000): Promise<T> {
    for (
      const started = Date.now();
      Date.now() - started < timeoutMs;
      await new Promise((resolve) => setTimeout(resolve, 10))
    ) {
      const found = probe();
      if (found !== undefined) return found;
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Exactly these bytes in one frame, as text or binary, whether or not Twilio would ever send them. */
  sendRaw(data: string | Buffer, options: { binary: boolean }) {
    this.socket.send(data, options);
  }

  close() {
    this.socket.close();
  }

  get closed(): boolean {
    return this.socket.readyState === WebSocket.CLOSED;
  }
}
