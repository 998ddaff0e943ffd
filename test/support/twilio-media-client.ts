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

/**
 * Plays Twilio's side of a bidirectional Media Stream: signs the upgrade as Twilio does (over the
 * wss:// URL, no parameters), sends connected/start/media/dtmf/stop, records what the server sends,
 * and, like Twilio, answers each mark once the audio before it has "played" (here: at once).
 */
export class TwilioMediaClient {
  readonly received: TwilioOutbound[] = [];
  echoMarks = true;
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

  start(caller: string, callSid: string) {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({
      event: 'start',
      sequenceNumber: '1',
      start: {
        streamSid: this.streamSid,
        accountSid: `AC${'0'.repeat(32)}`,
        callSid,
        tracks: ['inbound'],
        customParameters: { caller, callSid },
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
