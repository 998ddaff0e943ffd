import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import twilio from 'twilio';
import WebSocket from 'ws';
import { CLINIC_NUMBER } from '../test/support/clinic-builder.js';
import { ringVoiceWebhook, streamPathIn, toneFrames } from '../test/support/twilio-media-client.js';

/**
 * Twilio's side of N calls at once, for bench:voice-capacity: each a Media Stream opened as Twilio
 * opens it (the voice webhook rung first, and the stream it answered opened with the upgrade signed
 * over the wss:// URL), then `connected` and `start`, then a 160-byte
 * μ-law frame every 20 ms in real time; marks are answered as Twilio answers them (at once: the
 * audio "has played"). One timer loop drives every call. Calls are spread over `phases` evenly
 * spaced offsets within the 20 ms, as independent calls are: all N frames in the same instant
 * would be a burst no real set of calls produces.
 *
 * The round trip of a frame is matched in order: the n-th 20 ms of audio a call receives answers the
 * n-th frame it sent (the far end answers every frame's audio with as much, and one socket keeps
 * order), however many frames a media message carries. Where the far end gathers `chunkFrames` frames
 * before it answers, the wait for the rest of a frame's chunk is the window the chunk size sets; the
 * latency added beyond it is timed from the moment the chunk's last frame was sent (an estimate, low
 * for the frames of a message that carries the end of one chunk and the start of the next).
 */

export const FRAME_MS = 20;
/** 20 ms of μ-law at 8 kHz. */
const FRAME_BYTES = 160;
/** 440 Hz at 8 kHz repeats every 5 frames (44 whole cycles). */
const PAYLOADS = toneFrames(440, 5).map((frame) => Buffer.from(frame).toString('base64'));

interface Call {
  socket: WebSocket;
  streamSid: string;
  sent: number;
  received: number;
  /** When each frame was sent, by its number. */
  sentAt: number[];
}

export interface CallersOptions {
  /** http://host:port of the server; the socket goes to ws://host:port + path. */
  serverUrl: string;
  /** Where the echo floor takes its streams; the server says where in its answer to each call's webhook. */
  path: string;
  /** Ring the webhook and sign the upgrade as Twilio does; the echo floor does neither. */
  signing?: { authToken: string; publicBaseUrl: string };
  count: number;
  phases: number;
  /** Upgrades in flight at once while the calls are opened. */
  concurrency?: number;
  /** Distinguishes the calls of one step from another's. */
  tag: number;
  /** Frames the far end gathers into one chunk before answering it (1: it answers each frame). */
  chunkFrames?: number;
}

export class Callers {
  private readonly calls: Call[] = [];
  /** Round trips (ms) of the frames answered while `recording`. */
  readonly roundTrips: number[] = [];
  /** The same, less the wait for the rest of each frame's chunk: what the far end and the network added. */
  readonly addedLatencies: number[] = [];
  recording = false;
  misrouted = 0;
  wrongSize = 0;
  clears = 0;
  marksAnswered = 0;
  closedEarly = 0;
  /** Of the timer loop, while recording: how late its sends were. */
  lateTicks = 0;
  maxLateMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(private readonly options: CallersOptions) {}

  static async open(options: CallersOptions): Promise<Callers> {
    const callers = new Callers(options);
    let next = 0;
    const worker = async () => {
      while (next < options.count) await callers.dial(next++);
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 25 }, worker));
    return callers;
  }

  get sent(): number {
    return this.calls.reduce((total, call) => total + call.sent, 0);
  }

  get received(): number {
    return this.calls.reduce((total, call) => total + call.received, 0);
  }

  private async dial(index: number): Promise<void> {
    const { serverUrl, signing, tag } = this.options;
    const id = (tag * 100_000 + index).toString(16);
    const callSid = `CA${id.padStart(32, '0')}`;
    const caller = `+1555${String(1_000_000 + index).slice(-7)}`;
    let path = this.options.path;
    let headers = {};
    if (signing) {
      const twiml = await ringVoiceWebhook(serverUrl, signing, { callSid, caller, to: CLINIC_NUMBER });
      const streamPath = streamPathIn(twiml);
      if (!streamPath) throw new Error(`the server connected call ${index} to no stream: ${twiml}`);
      path = streamPath;
      const signed = `${signing.publicBaseUrl.replace(/^http/, 'ws')}${path}`;
      headers = { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(signing.authToken, signed, {}) };
    }
    const socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}${path}`, { headers, perMessageDeflate: false });
    await once(socket, 'open');
    const call: Call = { socket, streamSid: `MZ${id.padStart(32, '0')}`, sent: 0, received: 0, sentAt: [] };
    this.calls.push(call);
    socket.on('message', (data) => this.heard(call, data.toString()));
    socket.on('close', () => {
      if (!this.stopped) this.closedEarly++;
    });
    socket.on('error', () => {});
    socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    socket.send(
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        start: {
          streamSid: call.streamSid,
          accountSid: `AC${'0'.repeat(32)}`,
          callSid,
          tracks: ['inbound'],
          customParameters: {},
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
        streamSid: call.streamSid,
      }),
    );
  }

  private heard(call: Call, text: string): void {
    const now = performance.now();
    const message = JSON.parse(text) as {
      event?: string;
      streamSid?: string;
      media?: { payload?: string };
      mark?: { name?: string };
    };
    if (message.event === 'media') {
      if (message.streamSid !== call.streamSid) {
        this.misrouted++;
        return;
      }
      const bytes = Buffer.byteLength(message.media?.payload ?? '', 'base64');
      if (bytes === 0 || bytes % FRAME_BYTES !== 0) this.wrongSize++;
      const chunkFrames = this.options.chunkFrames ?? 1;
      // The far end answers each chunk in a message of its own, so a message's last frame ends a chunk;
      // a chunk sent short at its deadline moves where the next ones start, and this follows it.
      const lastInMessage = call.received + Math.floor(bytes / FRAME_BYTES) - 1;
      for (let n = call.received; n <= lastInMessage; n++) {
        const sentAt = call.sentAt[n];
        if (!this.recording || sentAt === undefined) continue;
        this.roundTrips.push(now - sentAt);
        this.addedLatencies.push(now - (call.sentAt[Math.min(n + chunkFrames - 1, lastInMessage)] ?? sentAt));
      }
      call.received = lastInMessage + 1;
    } else if (message.event === 'mark') {
      this.marksAnswered++;
      if (call.socket.readyState === WebSocket.OPEN)
        call.socket.send(JSON.stringify({ event: 'mark', streamSid: call.streamSid, mark: message.mark }));
    } else if (message.event === 'clear') {
      this.clears++;
    }
  }

  private sendFrame(call: Call): void {
    if (call.socket.readyState !== WebSocket.OPEN) return;
    const n = call.sent;
    // Twilio's own media message, built by hand: the load generator must stay light.
    call.socket.send(
      `{"event":"media","sequenceNumber":"${n + 2}","media":{"track":"inbound","chunk":"${n + 1}","timestamp":"${n * FRAME_MS}","payload":"${PAYLOADS[n % PAYLOADS.length]}"},"streamSid":"${call.streamSid}"}`,
    );
    call.sentAt.push(performance.now());
    call.sent++;
  }

  /** Every call sends a frame each 20 ms, at its phase's offset, until `stop()`. */
  start(): void {
    const { phases } = this.options;
    const groups: Call[][] = Array.from({ length: phases }, () => []);
    for (const [index, call] of this.calls.entries()) groups[index % phases]!.push(call);
    const first = performance.now() + 5;
    const due = groups.map((_, group) => first + (group * FRAME_MS) / phases);
    const tick = () => {
      const now = performance.now();
      for (let group = 0; group < phases; group++) {
        // Frames due while the loop was late are sent now: the rate stays real time on average.
        while (due[group]! <= now) {
          const late = now - due[group]!;
          if (this.recording) {
            if (late > 5) this.lateTicks++;
            if (late > this.maxLateMs) this.maxLateMs = late;
          }
          for (const call of groups[group]!) this.sendFrame(call);
          due[group]! += FRAME_MS;
        }
      }
      this.timer = setTimeout(tick, Math.max(0, Math.min(...due) - performance.now()));
    };
    this.timer = setTimeout(tick, 5);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Waits until every frame sent has been answered, or `timeoutMs`; true if all were. */
  async drain(timeoutMs: number): Promise<boolean> {
    for (const deadline = performance.now() + timeoutMs; performance.now() < deadline; await sleep(20)) {
      if (this.calls.every((call) => call.received >= call.sent || call.socket.readyState !== WebSocket.OPEN))
        return true;
    }
    return false;
  }

  /** Ends every stream as Twilio does (`stop`, then the socket closes). */
  async hangUp(): Promise<void> {
    this.stopped = true;
    this.stop();
    const closed = this.calls.map((call) =>
      call.socket.readyState === WebSocket.CLOSED
        ? Promise.resolve()
        : once(call.socket, 'close').then(
            () => undefined,
            () => undefined,
          ),
    );
    for (const call of this.calls) {
      if (call.socket.readyState !== WebSocket.OPEN) continue;
      call.socket.send(JSON.stringify({ event: 'stop', streamSid: call.streamSid, stop: {} }));
      call.socket.close();
    }
    const timeout = sleep(5_000).then(() => 'timeout' as const);
    if ((await Promise.race([Promise.all(closed), timeout])) === 'timeout')
      for (const call of this.calls) call.socket.terminate();
  }
}
