import type { Socket } from 'node:net';
import type {
  FunctionCall,
  Blob as GeminiBlob,
  LiveClientMessage,
  LiveClientSetup,
  LiveServerMessage,
} from '@google/genai';
import type { RawData, WebSocket } from 'ws';
import { Changes } from './fake-gemini-live-waiting.js';

/** A server message as it goes on the wire: the SDK's class without its convenience getters. */
export type LiveServerFrame = Omit<LiveServerMessage, 'text' | 'data'>;

/** How the fake answers a setup: as Gemini does, not at all, or by closing the socket. */
export type SetupAnswer = 'complete' | 'silence' | { code: number; reason: string };

/** What a connection asks of the server it belongs to. */
export interface FakeLiveServerSide {
  answerTo(connection: FakeLiveConnection): SetupAnswer;
  /** Sent right behind setupComplete, in the same TCP write, before the client can have answered. */
  readonly followUps: LiveServerFrame[];
  issued(handle: string): void;
}

/** The request line of the upgrade, as the SDK built it. */
export interface LiveUpgrade {
  path: string;
  apiVersion: string;
  key: string | null;
}

const PCM_24K = 'audio/pcm;rate=24000';

function base64Pcm16(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  for (const [index, sample] of samples.entries()) bytes.writeInt16LE(sample, index * 2);
  return bytes.toString('base64');
}

/**
 * One client socket of the fake Gemini Live server: it records what the client sent, setup first, and
 * lets a test speak as Gemini does. Server messages go out as binary frames, as Gemini sends them.
 */
export class FakeLiveConnection {
  setup: LiveClientSetup | undefined;
  /** Every message after the setup, in order. */
  readonly received: LiveClientMessage[] = [];
  /** How the socket closed; code 1005 when the client closed it without a code. */
  readonly closed: Promise<{ code: number; reason: string }>;
  private closedWith: { code: number; reason: string } | undefined;
  private readonly changes = new Changes();

  constructor(
    private readonly socket: WebSocket,
    private readonly tcp: Socket,
    readonly upgrade: LiveUpgrade,
    private readonly server: FakeLiveServerSide,
    serverChanges: Changes,
  ) {
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        this.changes.notify();
        resolve(this.closedWith);
      }),
    );
    socket.on('message', (data) => {
      this.receive(data);
      this.changes.notify();
      serverChanges.notify();
    });
  }

  get resumptionHandle(): string | undefined {
    return this.setup?.sessionResumption?.handle;
  }

  /** The caller's audio chunks the client streamed, in order. */
  audioChunks(): GeminiBlob[] {
    return this.received.flatMap((message) => (message.realtimeInput?.audio ? [message.realtimeInput.audio] : []));
  }

  /** How the socket closed, once it has; fails when it is still open after the wait (2 s, well within any connect timeout). */
  closedSoon(what = 'the Live socket to close'): Promise<{ code: number; reason: string }> {
    return this.changes.until(() => this.closedWith, what);
  }

  waitFor<T>(probe: (received: LiveClientMessage[]) => T | undefined, what: string): Promise<T> {
    return this.changes.until(() => probe(this.received), what);
  }

  speak(samples: Int16Array): void {
    this.send({
      serverContent: {
        modelTurn: { role: 'model', parts: [{ inlineData: { mimeType: PCM_24K, data: base64Pcm16(samples) } }] },
      },
    });
  }

  interrupt(): void {
    this.send({ serverContent: { interrupted: true } });
  }

  completeTurn(): void {
    this.send({ serverContent: { generationComplete: true } });
    this.send({ serverContent: { turnComplete: true } });
  }

  transcribeCaller(text: string): void {
    this.send({ serverContent: { inputTranscription: { text } } });
  }

  transcribeReceptionist(text: string): void {
    this.send({ serverContent: { outputTranscription: { text } } });
  }

  callTools(functionCalls: FunctionCall[]): void {
    this.send({ toolCall: { functionCalls } });
  }

  cancelToolCalls(ids: string[]): void {
    this.send({ toolCallCancellation: { ids } });
  }

  /** Completes the setup, as Gemini does at once unless told to leave setups unanswered: late, here. */
  completeSetup(): void {
    this.tcp.cork();
    this.send({ setupComplete: {} });
    for (const message of this.server.followUps) this.send(message);
    process.nextTick(() => this.tcp.uncork());
  }

  /** A handle that resumes the session as it is now; the server accepts it from then on. */
  offerResumption(handle: string): void {
    this.server.issued(handle);
    this.send({ sessionResumptionUpdate: { newHandle: handle, resumable: true } });
  }

  /** What Gemini sends while the model generates or waits on a tool: no state to resume from. */
  withholdResumption(): void {
    this.send({ sessionResumptionUpdate: { resumable: false } });
  }

  goAway(timeLeft = '10s'): void {
    this.send({ goAway: { timeLeft } });
  }

  /** The connection vanishes without a close frame, as when a network path or a server dies. */
  drop(): void {
    this.socket.terminate();
  }

  send(message: LiveServerFrame): void {
    this.socket.send(Buffer.from(JSON.stringify(message)));
  }

  /** Exactly these bytes as one binary frame, as Gemini sends its messages, whatever they hold. */
  sendRaw(text: string): void {
    this.socket.send(Buffer.from(text));
  }

  private receive(data: RawData): void {
    const message = JSON.parse(data.toString()) as LiveClientMessage;
    if (this.setup) {
      this.received.push(message);
      return;
    }
    if (!message.setup) {
      this.socket.close(1007, 'The first message must be a setup.');
      return;
    }
    this.setup = message.setup;
    const answer = this.server.answerTo(this);
    if (answer === 'silence') return;
    if (answer !== 'complete') {
      this.socket.close(answer.code, answer.reason);
      return;
    }
    this.completeSetup();
  }
}
