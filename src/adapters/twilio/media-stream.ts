import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import twilio from 'twilio';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { RateLimiter } from '../../application/rate-limiter.js';
import type { CallerLine } from '../../application/voice-call.js';
import { fail, ok, type Result } from '../../domain/result.js';
import type { Clock } from '../../ports/clock.js';
import type { LogContext } from '../../ports/log-context.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import type { LiveCallSeats } from './live-call-seats.js';
import { MediaChunks } from './media-chunks.js';
import type { StreamCredentials, StreamGrant } from './stream-credential.js';
import type { WebhookAuth } from './twilio-signature.js';

/** What the bridge needs of a call once Twilio has said which one it is. */
interface BridgedCall {
  /** Connects the voice model; `stop` may come at any time, this included. */
  start(): Promise<void>;
  fromCaller(mulaw8k: Uint8Array): void;
  keypad(digit: string): void;
  markPlayed(name: string): void;
  stop(): Promise<void>;
  /** Tells the caller that the line is closing and ends the call; resolves with whether they were told. */
  closeLine(): Promise<boolean>;
}

/** What became of the calls a stop found in progress. */
export interface CallsDrained {
  /** Ended within the drain time, as calls do. */
  finished: number;
  /** Told that the line is closing, then ended. */
  told: number;
  /** Ended without a word: not told within LAST_WORDS_MS, or with no one yet to tell them. */
  cut: number;
}

interface StreamStart extends StreamGrant {
  streamSid: string;
}

export interface MediaStreamOptions {
  auth: WebhookAuth;
  /** Where streams open: each at `<path>/<credential>`, with the credential its call's webhook issued. */
  path: string;
  /** Unset without TWILIO_AUTH_TOKEN, when every stream is refused. */
  credentials: StreamCredentials | undefined;
  logger: Logger;
  /** Where each stream's request id and call sid go for every line logged while its call runs. */
  logContext: LogContext;
  /** Each stream sits in a seat from its upgrade to its end; with none free, it is refused. */
  seats: LiveCallSeats;
  /** The most of the model's audio one media message to Twilio carries (VOICE_AUDIO_CHUNK_MS); 20 when unset. */
  audioChunkMs?: number;
  clock: Clock;
  /** Upgrades refused for their signature or credential, counted per client address like the API's. */
  failedAuthentication: RateLimiter;
  metrics: Metrics;
  /** Undefined when the clinic the credential names is no longer served. */
  startCall(start: StreamStart, line: CallerLine): Promise<BridgedCall | undefined>;
}

/** A stream let in at its upgrade: whose call it is, and what frees its seat. */
interface Admission {
  grant: StreamGrant;
  leaveSeat: () => void;
}

/** Runs `work` with the call's fields on every line it logs. */
type InCall = <T>(work: () => T) => T;

/** A stream turned away before its WebSocket opens, and why, for the log. */
interface Refusal {
  status: 403 | 503;
  reason: string;
  callSid?: string;
}

const STATUS_LINES = { 403: '403 Forbidden', 429: '429 Too Many Requests', 503: '503 Service Unavailable' } as const;

/** 20 ms of μ-law at 8 kHz: the frame size Twilio itself sends. */
const FRAME = 160;
const MULAW_BYTES_PER_MS = 8;
/** Caller audio held while the model connects: a few seconds, no more. */
const MAX_HELD_FRAMES = 250;
/** Once the drain time is up, how long the callers still on the line have to hear that it is closing. */
const LAST_WORDS_MS = 10_000;

/** What is read of Twilio's messages. Not the call or the caller: those come from the credential alone. */
interface TwilioEvent {
  event?: string;
  start?: { streamSid?: string };
  media?: { payload?: string };
  dtmf?: { digit?: string };
  mark?: { name?: string };
}

/** Waits for `work`, but `ms` at the most. */
async function atMost(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function lineTo(socket: WebSocket, streamSid: string, metrics: Metrics, chunkMs: number): CallerLine {
  const send = (message: string) => socket.readyState === socket.OPEN && socket.send(message);
  const json = (message: object) => send(JSON.stringify(message));
  // Media messages are written out by hand: they go many times a second on every call, and base64 needs no escaping.
  const mediaPrefix = `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"`;
  const media = (mulaw: Uint8Array) =>
    send(`${mediaPrefix}${Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.length).toString('base64')}"}}`);
  const chunks = new MediaChunks(chunkMs * MULAW_BYTES_PER_MS, media);
  return {
    play(mulaw) {
      metrics.audioFrames('out', Math.ceil(mulaw.length / FRAME));
      chunks.add(mulaw);
    },
    // Twilio's clear drops what it holds; what is still here is dropped with it, unsent.
    clear: () => {
      chunks.drop();
      json({ event: 'clear', streamSid });
    },
    // After everything played before it: Twilio answers a mark once what came before it has played.
    mark: (name) => {
      chunks.flush();
      json({ event: 'mark', streamSid, mark: { name } });
    },
    close: () => {
      chunks.flush();
      socket.close();
    },
  };
}

/**
 * Twilio Media Streams on the API's own HTTP server. Each socket is one call with its own state. The
 * upgrade is let in only signed by Twilio (the signature covers the wss:// URL, no parameters), with
 * an unused credential its call's webhook issued in the path, and a seat free; else it is refused
 * before the WebSocket opens, and no model session is opened for it.
 */
export function mediaStreamServer(options: MediaStreamOptions) {
  const { auth, path, credentials, logger, logContext, seats, clock, metrics, audioChunkMs = 20 } = options;
  // Twilio's messages are under a kilobyte: a mebibyte is no call's, and would only be memory spent.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  /** What closes the line of each stream whose call has started, for a stop. */
  const lineClosers = new Map<WebSocket, () => Promise<boolean>>();

  // Unlike a webhook's, an unsigned stream is refused even on loopback: the receptionist books and
  // cancels as the caller for as long as the call lasts.
  function signedByTwilio(request: IncomingMessage): boolean {
    if (!auth.authToken) return false;
    const url = `${auth.publicBaseUrl!.replace(/^http/, 'ws').replace(/\/$/, '')}${request.url}`;
    return twilio.validateRequest(auth.authToken, String(request.headers['x-twilio-signature'] ?? ''), url, {});
  }

  // A signature alone would do for ever, for any call: the same URL is signed the same way each time.
  // The credential makes each URL one call's, once, for a minute.
  /** A refusal for a bad signature or credential counts against the address; past its rate, it is a 429. */
  function overFailedAttempts(request: IncomingMessage, status: Refusal['status']): boolean {
    if (status !== 403) return false;
    return !options.failedAuthentication.admit(request.socket.remoteAddress ?? '', options.clock.now()).admitted;
  }

  function admit(request: IncomingMessage, credential: string): Result<Admission, Refusal> {
    if (!credentials || !signedByTwilio(request)) return fail({ status: 403, reason: 'not signed by Twilio' });
    if (!credential) return fail({ status: 403, reason: 'no credential' });
    const redeemed = credentials.redeem(credential);
    if (!redeemed.ok) return fail({ status: 403, reason: `credential ${redeemed.error}` });
    const { callSid } = redeemed.value;
    const leaveSeat = seats.take(callSid, clock.now());
    if (!leaveSeat) return fail({ status: 503, reason: 'every seat taken (VOICE_MAX_CALLS)', callSid });
    return ok({ grant: redeemed.value, leaveSeat });
  }

  // Twilio's socket is the HTTP server's, from before any call: its events carry no context of their
  // own, so each handler runs in the call's. What the call opens from there (the model's socket, its
  // timers) runs in it too.
  function bridge(socket: WebSocket, { grant, leaveSeat }: Admission, inCall: InCall) {
    // The call exists from the stream's start, so that a hang-up while the model connects still ends it.
    let call: BridgedCall | undefined;
    let starting = false;
    let connected = false;
    const held: Uint8Array[] = [];

    // Fifty times a second on every call: taken at once, with no promise of its own.
    const onMedia = (message: TwilioEvent) => {
      // A Buffer is a Uint8Array already: no copy on the path every 20 ms frame takes.
      const payload = message.media?.payload;
      if (typeof payload !== 'string') return logger.warn({}, 'media stream: media frame without a payload dropped');
      metrics.audioFrames('in', 1);
      const audio = Buffer.from(payload, 'base64');
      if (connected) call?.fromCaller(audio);
      else if (held.length < MAX_HELD_FRAMES) held.push(audio);
    };

    const onEvent = async (message: TwilioEvent) => {
      switch (message.event) {
        case 'start': {
          if (call || starting) return;
          starting = true;
          const { streamSid = '' } = message.start ?? {};
          const started = await options.startCall(
            { streamSid, ...grant },
            lineTo(socket, streamSid, metrics, audioChunkMs),
          );
          if (!started) {
            logger.warn({}, 'media stream: the clinic called is no longer served');
            return socket.close();
          }
          call = started;
          // Hung up while the clinic was found: the close came before there was a call to stop.
          if (socket.readyState !== socket.OPEN) return void (await started.stop());
          lineClosers.set(socket, () => inCall(() => started.closeLine()));
          await call.start();
          connected = true;
          for (const frame of held.splice(0)) call.fromCaller(frame);
          return;
        }
        case 'dtmf':
          if (message.dtmf?.digit) call?.keypad(message.dtmf.digit);
          return;
        case 'mark':
          call?.markPlayed(message.mark?.name ?? '');
          return;
        case 'stop':
          socket.close();
          return;
      }
    };

    const failed = (err: unknown) => {
      logger.error({ err }, 'media stream: the call could not start');
      socket.close(1011);
    };

    const onMessage = (data: RawData, isBinary: boolean) => {
      // Twilio sends JSON text frames only; anything else is dropped without ending the call.
      if (isBinary) return logger.warn({}, 'media stream: binary frame dropped');
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return logger.warn({}, 'media stream: malformed frame dropped');
      }
      if (typeof message !== 'object' || message === null)
        return logger.warn({}, 'media stream: malformed frame dropped');
      if ((message as TwilioEvent).event !== 'media') return void onEvent(message as TwilioEvent).catch(failed);
      try {
        onMedia(message as TwilioEvent);
      } catch (err) {
        failed(err);
      }
    };
    socket.on('message', (data: RawData, isBinary: boolean) => inCall(() => onMessage(data, isBinary)));
    // A frame that breaks the WebSocket protocol (bad UTF-8, too large, unmasked) ends this stream
    // alone; unheard, the error would be thrown and end every call on the server.
    socket.on('error', (err: Error & { code?: string }) =>
      inCall(() => logger.warn({ code: err.code }, 'media stream: protocol error, stream closed')),
    );
    socket.on('close', () =>
      inCall(() => {
        leaveSeat();
        lineClosers.delete(socket);
        void call?.stop().catch((err: unknown) => logger.error({ err }, 'media stream: stopping the call failed'));
      }),
    );
  }

  return {
    /** For the HTTP server's 'upgrade' event: answers what is ours, leaves other paths alone. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (pathname !== path && !pathname.startsWith(`${path}/`)) return false;
      // Like a request's, a stream's lines carry an id of its own from its upgrade to its end; and
      // its call's sid, once the credential has told it.
      const requestId = randomUUID();
      logContext.run({ requestId }, () => {
        const admission = admit(request, pathname.slice(path.length + 1));
        if (!admission.ok) {
          const { reason, callSid } = admission.error;
          const status = overFailedAttempts(request, admission.error.status) ? 429 : admission.error.status;
          logger.warn({ status, reason, ...(callSid ? { callSid } : {}) }, 'stream refused at the upgrade');
          socket.end(`HTTP/1.1 ${STATUS_LINES[status]}\r\nConnection: close\r\n\r\n`);
          return;
        }
        // Every frame's handler runs in it: the fields are merged once, here.
        const inCall: InCall = logContext.runner({ callSid: admission.value.grant.callSid });
        // A handshake ws turns down never reaches the bridge: its seat is freed as the socket closes.
        socket.once('close', admission.value.leaveSeat);
        sockets.handleUpgrade(request, socket, head, (ws) => bridge(ws, admission.value, inCall));
      });
      return true;
    },
    /**
     * Lets the calls in progress go on for up to `timeoutMs`; then tells the callers still on the line
     * that it is closing and ends their calls; cuts what is left, and refuses every stream after.
     */
    async drain(timeoutMs: number): Promise<CallsDrained> {
      const open = [...sockets.clients].filter((client) => client.readyState !== client.CLOSED);
      const closed = (client: WebSocket) => new Promise((resolve) => client.once('close', resolve));
      if (timeoutMs > 0) await atMost(timeoutMs, Promise.all(open.map(closed)));
      const going = open.filter((client) => client.readyState === client.OPEN);
      let told = 0;
      const closeLine = async (client: WebSocket) => {
        if (await lineClosers.get(client)?.()) told++;
      };
      const closing = going.map((client) =>
        closeLine(client).catch((err: unknown) => logger.error({ err }, 'media stream: closing the line failed')),
      );
      await atMost(LAST_WORDS_MS, Promise.all(closing));
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      return { finished: open.length - going.length, told, cut: going.length - told };
    },
  };
}
