import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { FakeLiveConnection, type LiveServerFrame, type SetupAnswer } from './fake-gemini-live-connection.js';
import { Changes } from './fake-gemini-live-waiting.js';

/** `samples` of a 1 kHz tone, PCM16 at 24 kHz: what Gemini Live sends as the receptionist's voice (480 to 20 ms). */
export const liveVoice = (samples = 480) =>
  Int16Array.from({ length: samples }, (_, i) => Math.round(6000 * Math.sin((2 * Math.PI * 1000 * i) / 24000)));

const BIDI_GENERATE_CONTENT =
  /^\/+ws\/google\.ai\.generativelanguage\.(v1beta|v1alpha|v1)\.GenerativeService\.BidiGenerateContent$/;

/**
 * An in-process stand-in for Gemini Live on 127.0.0.1 that the real SDK connects to:
 * `ws://host//ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent?key=…`,
 * a setup first, answered with setupComplete, then the Live protocol both ways. Resumption handles
 * work only once a connection has offered them, and until they are revoked.
 */
export class FakeGeminiLive {
  readonly connections: FakeLiveConnection[] = [];
  readonly followUps: LiveServerFrame[] = [];
  private readonly validHandles = new Set<string>();
  private setupAnswer: SetupAnswer = 'complete';
  private readonly changes = new Changes();

  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    private readonly apiKey: string | undefined,
  ) {}

  /** With `apiKey`, a setup with any other key is refused as Gemini refuses it. */
  static async start(options: { apiKey?: string } = {}): Promise<FakeGeminiLive> {
    const server = createServer((_request, response) => response.writeHead(404).end());
    const fake = new FakeGeminiLive(server, new WebSocketServer({ noServer: true }), options.apiKey);
    server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      fake.upgrade(request, socket, head),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** What to pass as the SDK's `httpOptions.baseUrl`: the SDK swaps http for ws. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Setups from now on go unanswered: the socket stays open and silent. */
  neverCompleteSetup(): void {
    this.setupAnswer = 'silence';
  }

  /** Setups from now on are refused with this close frame. */
  refuseSetup(code: number, reason: string): void {
    this.setupAnswer = { code, reason };
  }

  /** Every handle offered so far stops working, as when it has expired. */
  revokeHandles(): void {
    this.validHandles.clear();
  }

  /** Sends these right behind setupComplete on every connection from now on. */
  followSetupWith(...messages: LiveServerFrame[]): void {
    this.followUps.push(...messages);
  }

  /** The `index`-th connection (from 0), once its setup has arrived. */
  connection(index: number): Promise<FakeLiveConnection> {
    return this.changes.until(
      () => (this.connections[index]?.setup ? this.connections[index] : undefined),
      `connection #${index} to send its setup`,
    );
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private upgrade(request: IncomingMessage, tcp: Socket, head: Buffer): void {
    // Not `new URL()`: it would read the SDK's leading `//ws/…` as a host named `ws`.
    const [path = '', query = ''] = (request.url ?? '').split('?');
    const route = BIDI_GENERATE_CONTENT.exec(path);
    if (!route) {
      tcp.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.sockets.handleUpgrade(request, tcp, head, (socket) => {
      const upgrade = { path, apiVersion: route[1]!, key: new URLSearchParams(query).get('key') };
      this.connections.push(new FakeLiveConnection(socket, tcp, upgrade, this.serverSide(), this.changes));
      this.changes.notify();
    });
  }

  private serverSide() {
    return {
      answerTo: (connection: FakeLiveConnection): SetupAnswer => {
        if (this.apiKey !== undefined && connection.upgrade.key !== this.apiKey)
          return { code: 1007, reason: 'API key not valid. Please pass a valid API key.' };
        const handle = connection.resumptionHandle;
        if (handle !== undefined && !this.validHandles.has(handle))
          return { code: 1007, reason: 'Session resumption handle is invalid or has expired.' };
        return this.setupAnswer;
      },
      followUps: this.followUps,
      issued: (handle: string) => this.validHandles.add(handle),
    };
  }
}
