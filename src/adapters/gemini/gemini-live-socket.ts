import type { Live, LiveServerMessage } from '@google/genai';
import WebSocket, { type RawData } from 'ws';

type SdkSocketFactory = ConstructorParameters<typeof Live>[2];
type SdkSocketCallbacks = Parameters<SdkSocketFactory['create']>[2];
type SdkSocket = ReturnType<SdkSocketFactory['create']>;

/**
 * A server message as the Gemini API sends it. Its fields are the SDK's own (the SDK converts only
 * Vertex AI's messages, and the key-based API this adapter uses is not Vertex AI), so these are what
 * the session reads of a message, whichever way it came.
 */
export type LiveWireMessage = Pick<
  LiveServerMessage,
  'setupComplete' | 'serverContent' | 'toolCall' | 'toolCallCancellation' | 'sessionResumptionUpdate' | 'goAway'
>;

/**
 * The socket the SDK's `live.connect()` talks through, in place of its own. Two reasons, both about
 * the 50 audio messages a second each way of every call:
 * - The SDK's socket leaves `ws` to offer permessage-deflate; a server that accepted it would have
 *   every audio chunk compressed and inflated, which base64 PCM hardly repays.
 * - Past the setup, messages skip the SDK's per-message work (building a request object, a promise
 *   and a class instance per message): audio goes out as the wire's JSON, built here, and server
 *   messages are parsed once and handed straight to `deliver`. The setup stays the SDK's: `connect()`
 *   resolves on the setupComplete it reads itself.
 */
export class LiveSocket implements SdkSocket {
  private socket: WebSocket | undefined;
  private setUp = false;

  /** Audio messages but for their data, written once: they go many times a second. */
  private readonly audioPrefix: string;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly sdk: SdkSocketCallbacks,
    private readonly deliver: (message: LiveWireMessage) => void,
    audioMimeType: string,
  ) {
    this.audioPrefix = `{"realtimeInput":{"audio":{"mimeType":"${audioMimeType}","data":"`;
  }

  connect(): void {
    const socket = new WebSocket(this.url, { headers: this.headers, perMessageDeflate: false });
    this.socket = socket;
    socket.on('open', () => this.sdk.onopen());
    socket.on('error', (error) => this.sdk.onerror(error));
    socket.on('close', (code, reason) => this.sdk.onclose({ code, reason: reason.toString() }));
    socket.on('message', (data) => this.receive(data));
  }

  /** For the SDK: the setup, texts, tool responses. */
  send(message: string): void {
    this.socket?.send(message);
  }

  /** A chunk of the caller's audio, PCM16 in base64 (which needs no escaping in JSON). */
  sendAudio(base64: string): void {
    this.socket?.send(`${this.audioPrefix}${base64}"}}}`);
  }

  close(): void {
    this.socket?.close();
  }

  private receive(data: RawData): void {
    const text = data.toString();
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      // Not JSON: nothing in it could be acted on, and the call goes on.
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if (this.setUp) {
      this.deliver(message);
      return;
    }
    if ('setupComplete' in message) this.setUp = true;
    this.sdk.onmessage({ data: text });
  }
}
