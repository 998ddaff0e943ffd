import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { answerParent } from './voice-capacity-ipc.js';

/**
 * Process C of bench:voice-capacity: a lean Gemini Live stand-in speaking the protocol as
 * test/support/fake-gemini-live.ts does (same endpoint, key in the query, setup first, answered with
 * setupComplete; server messages as binary frames), without recording every message, so it can carry
 * hundreds of calls in real time. For every chunk of caller audio it receives (20 ms or a multiple)
 * it answers at once with as long a stretch of the model's voice: 480 samples of 24 kHz PCM16 per 20 ms.
 */

const BIDI_GENERATE_CONTENT =
  /^\/+ws\/google\.ai\.generativelanguage\.(v1beta|v1alpha|v1)\.GenerativeService\.BidiGenerateContent$/;
/** The bytes of 20 ms of PCM16 at each rate the server may send the caller's audio at. */
const CALLER_FRAME_BYTES: Record<string, number> = { 'audio/pcm;rate=8000': 320, 'audio/pcm;rate=16000': 640 };

const apiKey = process.env.BENCH_LIVE_KEY;

/** The model's answer to `frames` 20 ms frames of the caller's, as one message; made once per length. */
function voiceChunk(frames: number): Buffer {
  const samples = 480 * frames;
  const bytes = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    bytes.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
  const message = {
    serverContent: {
      modelTurn: {
        role: 'model',
        parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: bytes.toString('base64') } }],
      },
    },
  };
  return Buffer.from(JSON.stringify(message));
}

const voices = new Map<number, Buffer>();
const voiceOf = (frames: number) => voices.get(frames) ?? voices.set(frames, voiceChunk(frames)).get(frames)!;
const SETUP_COMPLETE = Buffer.from(JSON.stringify({ setupComplete: {} }));

const counts = { connections: 0, setups: 0, greeted: 0, audioIn: 0, voiceOut: 0, malformed: 0, closed: 0 };

function session(socket: WebSocket): void {
  counts.connections++;
  let setUp = false;
  socket.on('message', (data: RawData) => {
    let message: { setup?: unknown; realtimeInput?: { audio?: { mimeType?: string; data?: string }; text?: string } };
    try {
      message = JSON.parse(data.toString());
    } catch {
      counts.malformed++;
      return;
    }
    if (!setUp) {
      if (!message.setup) return socket.close(1007, 'The first message must be a setup.');
      setUp = true;
      counts.setups++;
      socket.send(SETUP_COMPLETE);
      return;
    }
    const audio = message.realtimeInput?.audio;
    if (audio) {
      const bytes = Buffer.byteLength(audio.data ?? '', 'base64');
      const frameBytes = CALLER_FRAME_BYTES[audio.mimeType ?? ''];
      if (!frameBytes || bytes === 0 || bytes % frameBytes !== 0) {
        counts.malformed++;
        return;
      }
      const frames = bytes / frameBytes;
      counts.audioIn += frames;
      socket.send(voiceOf(frames));
      counts.voiceOut += frames;
    } else if (message.realtimeInput?.text) {
      counts.greeted++;
    }
  });
  socket.on('close', () => counts.closed++);
}

const sockets = new WebSocketServer({ noServer: true });
const server = createServer((_request, response) => response.writeHead(404).end());
server.on('upgrade', (request: IncomingMessage, tcp: Socket, head: Buffer) => {
  // Not `new URL()`: it would read the SDK's leading `//ws/…` as a host named `ws`.
  const [path = '', query = ''] = (request.url ?? '').split('?');
  if (!BIDI_GENERATE_CONTENT.test(path)) return void tcp.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  sockets.handleUpgrade(request, tcp, head, (socket) => {
    if (apiKey !== undefined && new URLSearchParams(query).get('key') !== apiKey)
      return socket.close(1007, 'API key not valid. Please pass a valid API key.');
    session(socket);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

answerParent(
  `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  {
    stats: () => ({ ...counts, open: sockets.clients.size }),
    reset: () => {
      for (const key of ['audioIn', 'voiceOut', 'malformed'] as const) counts[key] = 0;
      return counts;
    },
  },
  async () => {
    for (const client of sockets.clients) client.terminate();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
);
