import { GoogleGenAI, type GoogleGenAIOptions, type Live, type LiveConnectConfig, type Session } from '@google/genai';
import type { ToolResult } from '../../domain/conversation.js';
import type { CallerSampleRate } from '../../ports/voice-model.js';
import { base64OfPcm16, callerAudioMimeType } from './gemini-live-audio.js';
import { GeminiLiveError } from './gemini-live-error.js';
import { LiveSocket, type LiveWireMessage } from './gemini-live-socket.js';

export interface LiveConnectionListener {
  message(message: LiveWireMessage): void;
  /** The socket closed, whichever side closed it. */
  closed(): void;
}

export interface LiveConnectionRequest {
  client: GoogleGenAIOptions;
  apiKey: string;
  model: string;
  config: LiveConnectConfig;
  /** The rate of the caller's audio this connection sends. */
  callerSampleRate: CallerSampleRate;
  timeoutMs: number;
  /** Aborted once nobody wants the connection any more: the call ended, or the session was closed. */
  cancelled?: AbortSignal;
}

/**
 * Has the SDK open its Live socket through `LiveSocket` (`webSocketFactory` is private in the typings
 * only). It also keeps hold of the socket, which `live.connect()` keeps to itself until Gemini
 * completes the setup and which has no timeout: a setup that never completes would leave it open for good.
 */
function openThroughLiveSocket(
  live: Live,
  deliver: (message: LiveWireMessage) => void,
  audioMimeType: string,
): () => LiveSocket | undefined {
  let socket: LiveSocket | undefined;
  (live as unknown as { webSocketFactory: ConstructorParameters<typeof Live>[2] }).webSocketFactory = {
    create: (url, headers, callbacks) => (socket = new LiveSocket(url, headers, callbacks, deliver, audioMimeType)),
  };
  return () => socket;
}

/**
 * Keeps what arrives before anyone listens: the SDK hands over the messages that came during the
 * setup before `connect()` resolves, when the session cannot yet have been told which socket is its own.
 */
class Mailbox implements LiveConnectionListener {
  private listener: LiveConnectionListener | undefined;
  private readonly held: LiveWireMessage[] = [];
  private closedUnheard = false;

  message(message: LiveWireMessage): void {
    if (this.listener) this.listener.message(message);
    else this.held.push(message);
  }

  closed(): void {
    if (this.listener) this.listener.closed();
    else this.closedUnheard = true;
  }

  listen(listener: LiveConnectionListener): void {
    this.listener = listener;
    for (const message of this.held.splice(0)) listener.message(message);
    if (this.closedUnheard) listener.closed();
  }
}

/** One WebSocket to Gemini Live, set up and ready; a session may go through several. */
export class LiveConnection {
  constructor(
    private readonly session: Session,
    private readonly socket: LiveSocket,
    private readonly mailbox: Mailbox,
  ) {}

  /** Starts delivery, beginning with anything that arrived during the setup. */
  listen(listener: LiveConnectionListener): void {
    this.mailbox.listen(listener);
  }

  sendAudio(pcm: Int16Array): void {
    this.socket.sendAudio(base64OfPcm16(pcm));
  }

  sendText(text: string): void {
    this.session.sendRealtimeInput({ text });
  }

  sendToolResults(results: ToolResult[]): void {
    this.session.sendToolResponse({
      functionResponses: results.map(({ id, name, response }) => ({ id, name, response })),
    });
  }

  close(): void {
    this.session.close();
  }
}

const closeDetail = (event: CloseEvent, socketError: string) =>
  [event.code, event.reason || socketError].filter(Boolean).join(': ');

/**
 * Opens a connection and waits for Gemini to complete its setup, at most `timeoutMs`, or until it is
 * `cancelled`, when the socket is closed at once. The key travels in the socket's URL, so it is masked
 * in every message: a proxy may echo the URL back.
 */
export function openLiveConnection(request: LiveConnectionRequest): Promise<LiveConnection> {
  const { cancelled } = request;
  const ended = `Gemini Live (${request.model}): the call ended before the setup completed`;
  if (cancelled?.aborted) return Promise.reject(new GeminiLiveError(ended, 'cancelled'));
  const ai = new GoogleGenAI(request.client);
  const mailbox = new Mailbox();
  const socket = openThroughLiveSocket(
    ai.live,
    (message) => mailbox.message(message),
    callerAudioMimeType(request.callerSampleRate),
  );
  const masked = (text: string) => (request.apiKey ? text.replaceAll(request.apiKey, '[GEMINI_API_KEY]') : text);

  return new Promise((resolve, reject) => {
    let settled = false;
    let socketError = '';
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      cancelled?.removeEventListener('abort', cancel);
    };
    const fail = (message: string, kind: GeminiLiveError['kind']) => {
      if (settled) return;
      settle();
      // The SDK has created the socket by now: it does so before its connect() first awaits.
      socket()?.close();
      reject(new GeminiLiveError(masked(message), kind));
    };
    const timer = setTimeout(
      () => fail(`Gemini Live (${request.model}) did not complete the setup within ${request.timeoutMs} ms`, 'timeout'),
      request.timeoutMs,
    );
    const cancel = () => fail(ended, 'cancelled');
    cancelled?.addEventListener('abort', cancel, { once: true });

    ai.live
      .connect({
        model: request.model,
        config: request.config,
        callbacks: {
          onmessage: (message) => mailbox.message(message),
          onerror: (event) => {
            socketError = event.message;
          },
          onclose: (event) => {
            if (settled) mailbox.closed();
            else
              fail(
                `Gemini Live closed the connection before completing the setup (${closeDetail(event, socketError)})`,
                'refused',
              );
          },
        },
      })
      .then(
        (session) => {
          if (settled) return session.close();
          settle();
          resolve(new LiveConnection(session, socket()!, mailbox));
        },
        (error: unknown) =>
          fail(
            `Gemini Live could not start a session: ${error instanceof Error ? error.message : String(error)}`,
            'refused',
          ),
      );
  });
}
