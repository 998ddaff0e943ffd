import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import twilio from 'twilio';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { CallerLine } from '../../application/voice-call.js';
import { type PhoneNumber, parsePhoneNumber } from '../../domain/phone-number.js';
import type { Logger } from '../../ports/logger.js';
import type { LiveCallSeats } from './live-call-seats.js';
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

interface StreamStart {
  streamSid: string;
  callSid: string;
  caller: PhoneNumber;
}

export interface MediaStreamOptions {
  auth: WebhookAuth;
  path: string;
  logger: Logger;
  /** Each stream sits in a seat from its start to its end. */
  seats: LiveCallSeats;
  startCall(start: StreamStart, line: CallerLine): BridgedCall;
}

/** 20 ms of μ-law at 8 kHz: the frame size Twilio itself sends. */
const FRAME = 160;
/** Caller audio held while the model connects: a few seconds, no more. */
const MAX_HELD_FRAMES = 250;

interface TwilioEvent {
  event?: string;
  start?: { streamSid?: string; callSid?: string; customParameters?: Record<string, string> };
  media?: { payload?: string };
  dtmf?: { digit?: string };
  mark?: { name?: string };
}

function lineTo(socket: WebSocket, streamSid: string): CallerLine {
  const send = (message: string) => socket.readyState === socket.OPEN && socket.send(message);
  const json = (message: object) => send(JSON.stringify(message));
  // Media messages are written out by hand: they go 50 times a second on every call, and base64 needs no escaping.
  const mediaPrefix = `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"`;
  return {
    play(mulaw) {
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
 * Twilio Media Streams on the API's own HTTP server. The upgrade is checked like a webhook (the
 * signature covers the wss:// URL, no parameters); each socket is one call with its own state.
 */
export function mediaStreamServer(options: MediaStreamOptions) {
  const { auth, path, logger } = options;
  // Twilio's messages are under a kilobyte: a mebibyte is no call's, and would only be memory spent.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  // Unlike a webhook's, an unsigned stream is refused even on loopback: its parameters name the caller,
  // and the receptionist books and cancels as that number for as long as the call lasts.
  function allowed(request: IncomingMessage): boolean {
    if (!auth.authToken) return false;
    const url = `${auth.publicBaseUrl!.replace(/^http/, 'ws').replace(/\/$/, '')}${request.url}`;
    return twilio.validateRequest(auth.authToken, String(request.headers['x-twilio-signature'] ?? ''), url, {});
  }

  function bridge(socket: WebSocket) {
    // The call exists from the stream's start, so that a hang-up while the model connects still ends it.
    let call: BridgedCall | undefined;
    let connected = false;
    let leaveSeat: (() => void) | undefined;
    const held: Uint8Array[] = [];

    const onEvent = async (message: TwilioEvent) => {
      switch (message.event) {
        case 'start': {
          if (call) return;
          const { streamSid = '', callSid = '', customParameters = {} } = message.start ?? {};
          const sid = customParameters.callSid || callSid;
          leaveSeat = options.seats.take(sid);
          const caller = parsePhoneNumber(customParameters.caller ?? '');
          if (!caller.ok) throw new Error('the stream carried no caller number');
          call = options.startCall({ streamSid, callSid: sid, caller: caller.value }, lineTo(socket, streamSid));
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
      leaveSeat?.();
      void call?.stop().catch((err: unknown) => logger.error({ err }, 'media stream: stopping the call failed'));
    });
  }

  return {
    /** For the HTTP server's 'upgrade' event: answers what is ours, leaves other paths alone. */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return false;
      if (!allowed(request)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return true;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => bridge(ws));
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
