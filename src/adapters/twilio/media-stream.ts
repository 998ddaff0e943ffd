import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import twilio from 'twilio';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { RateLimiter } from '../../application/rate-limiter.js';
import type { CallerLine } from '../../application/voice-call.js';
import { fail, ok, type Result } from '../../domain/result.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import type { LiveCallSeats } from './live-call-seats.js';
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
  /** Each stream sits in a seat from its upgrade to its end; with none free, it is refused. */
  seats: LiveCallSeats;
  clock: Clock;
  /** Upgrades refused for their signature or credential, counted per client address like the API's. */
  failedAuthentication: RateLimiter;
  metrics: Metrics;
  startCall(start: StreamStart, line: CallerLine): BridgedCall;
}

/** A stream let in at its upgrade: whose call it is, and what frees its seat. */
interface Admission {
  grant: StreamGrant;
  leaveSeat: () => void;
}

/** A stream turned away before its WebSocket opens, and why, for the log. */
interface Refusal {
  status: 403 | 503;
  reason: string;
  callSid?: string;
}

const STATUS_LINES = { 403: '403 Forbidden', 429: '429 Too Many Requests', 503: '503 Service Unavailable' } as const;

/** 20 ms of μ-law at 8 kHz: the frame size Twilio itself sends. */
const FRAME = 160;
/** Caller audio held while the model connects: a few seconds, no more. */
const MAX_HELD_FRAMES = 250;

/** What is read of Twilio's messages. Not the call or the caller: those come from the credential alone. */
interface TwilioEvent {
  event?: string;
  start?: { streamSid?: string };
  media?: { payload?: string };
  dtmf?: { digit?: string };
  mark?: { name?: string };
}

function lineTo(socket: WebSocket, streamSid: string, metrics: Metrics): CallerLine {
  const send = (message: string) => socket.readyState === socket.OPEN && socket.send(message);
  const json = (message: object) => send(JSON.stringify(message));
  // Media messages are written out by hand: they go 50 times a second on every call, and base64 needs no escaping.
  const mediaPrefix = `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"`;
  return {
    play(mulaw) {
      metrics.audioFrames('out', Math.ceil(mulaw.length / FRAME));
      // In 20 ms frames, the size Twilio streams in itself. (A clear empties Twilio's buffer whatever the frames' size.)
      for (let at = 0; at < mulaw.length; at += FRAME) {
        send(
          `${mediaPrefix}${Buffer.from(mulaw.buffer, mulaw.byteOffset + at, Math.min(FRAME, mulaw.length - at)).toString('base64')}"}}`,
        );
      }
    },
    clear: () => json({ event: 'clear', streamSid }),
    mark: (name) => json({ event: 'mark', streamSid, mark: { name } }),
    close: () => socket.close(),
  };
}

/**
 * Twilio Media Streams on the API's own HTTP server. Each socket is one call with its own state. The
 * upgrade is let in only signed by Twilio (the signature covers the wss:// URL, no parameters), with
 * an unused credential its call's webhook issued in the path, and a seat free; else it is refused
 * before the WebSocket opens, and no model session is opened for it.
 */
export function mediaStreamServer(options: MediaStreamOptions) {
  const { auth, path, credentials, logger, seats, clock, metrics } = options;
  // Twilio's messages are under a kilobyte: a mebibyte is no call's, and would only be memory spent.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

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

  function bridge(socket: WebSocket, { grant, leaveSeat }: Admission) {
    // The call exists from the stream's start, so that a hang-up while the model connects still ends it.
    let call: BridgedCall | undefined;
    let connected = false;
    const held: Uint8Array[] = [];

    const onEvent = async (message: TwilioEvent) => {
      switch (message.event) {
        case 'start': {
          if (call) return;
          const { streamSid = '' } = message.start ?? {};
          call = options.startCall({ streamSid, ...grant }, lineTo(socket, streamSid, metrics));
          await call.start();
          connected = true;
          for (const frame of held.splice(0)) call.fromCaller(frame);
          return;
        }
        case 'media': {
          // A Buffer is a Uint8Array already: no copy on the path every 20 ms frame takes.
          const payload = message.media?.payload;
          if (typeof payload !== 'string')
            return logger.warn({}, 'media stream: media frame without a payload dropped');
          metrics.audioFrames('in', 1);
          const audio = Buffer.from(payload, 'base64');
          if (connected) call?.fromCaller(audio);
          else if (held.length < MAX_HELD_FRAMES) held.push(audio);
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

    socket.on('message', (data: RawData, isBinary: boolean) => {
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
      onEvent(message as TwilioEvent).catch((err: unknown) => {
        logger.error({ err }, 'media stream: the call could not start');
        socket.close(1011);
      });
    });
    // A frame that breaks the WebSocket protocol (bad UTF-8, too large, unmasked) ends this stream
    // alone; unheard, the error would be thrown and end every call on the server.
    socket.on('error', (err: Error & { code?: string }) =>
      logger.warn({ code: err.code }, 'media stream: protocol error, stream closed'),
    );
    socket.on('close', () => {
      leaveSeat();
      void call?.stop().catch((err: unknown) => logger.error({ err }, 'media stream: stopping the call failed'));
    });
  }

  return {
    /** For the HTTP server's 'upgrade' event: answers what is ours, leaves other paths alone. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (pathname !== path && !pathname.startsWith(`${path}/`)) return false;
      const admission = admit(request, pathname.slice(path.length + 1));
      if (!admission.ok) {
        const { reason, callSid } = admission.error;
        const status = overFailedAttempts(request, admission.error.status) ? 429 : admission.error.status;
        logger.warn({ status, reason, ...(callSid ? { callSid } : {}) }, 'stream refused at the upgrade');
        socket.end(`HTTP/1.1 ${STATUS_LINES[status]}\r\nConnection: close\r\n\r\n`);
        return true;
      }
      // A handshake ws turns down never reaches the bridge: its seat is freed as the socket closes.
      socket.once('close', admission.value.leaveSeat);
      sockets.handleUpgrade(request, socket, head, (ws) => bridge(ws, admission.value));
      return true;
    },
    /** Resolves once every call in progress has ended, or after `timeoutMs`, when those left are cut. */
    async drain(timeoutMs: number): Promise<void> {
      const open = [...sockets.clients].filter((client) => client.readyState !== client.CLOSED);
      if (open.length > 0 && timeoutMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        const ended = Promise.all(open.map((client) => new Promise((resolve) => client.once('close', resolve))));
        await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
