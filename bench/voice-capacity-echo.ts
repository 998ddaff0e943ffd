import type { AddressInfo } from 'node:net';
import { type RawData, WebSocketServer } from 'ws';
import { answerParent } from './voice-capacity-ipc.js';

/**
 * Process D of bench:voice-capacity, the floor: a bare `ws` server that answers each Twilio media
 * frame with the same audio as a Twilio media message. Parsing and writing the JSON and the WebSocket
 * frames is all it does, which the real bridge must do too, and no less. With BENCH_ECHO_CHUNK_FRAMES
 * above 1 it gathers that many frames of a call and answers them in one message, as the bridge
 * does with longer audio chunks: the floor of a server that writes as few messages.
 */

const CHUNK_FRAMES = Number(process.env.BENCH_ECHO_CHUNK_FRAMES ?? 1);
/** Counted in 20 ms frames, however many a message carries. */
const counts = { connections: 0, mediaIn: 0, mediaOut: 0 };
const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => sockets.once('listening', resolve));

sockets.on('connection', (socket) => {
  counts.connections++;
  const gathered: Buffer[] = [];
  let deadline: NodeJS.Timeout | undefined;
  // As the bridge does: a chunk goes when full, or a chunk's length after its first frame.
  const answer = (streamSid: string | undefined) => {
    clearTimeout(deadline);
    deadline = undefined;
    if (gathered.length === 0) return;
    const frames = gathered.length;
    const payload = Buffer.concat(gathered.splice(0)).toString('base64');
    socket.send(JSON.stringify({ event: 'media', streamSid, media: { payload } }));
    counts.mediaOut += frames;
  };
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    const message = JSON.parse(data.toString()) as { event?: string; streamSid?: string; media?: { payload?: string } };
    if (message.event !== 'media') return;
    counts.mediaIn++;
    if (CHUNK_FRAMES === 1) {
      socket.send(
        JSON.stringify({ event: 'media', streamSid: message.streamSid, media: { payload: message.media?.payload } }),
      );
      counts.mediaOut++;
      return;
    }
    gathered.push(Buffer.from(message.media?.payload ?? '', 'base64'));
    if (gathered.length >= CHUNK_FRAMES) answer(message.streamSid);
    else deadline ??= setTimeout(() => answer(message.streamSid), CHUNK_FRAMES * 20);
  });
  socket.on('close', () => clearTimeout(deadline));
});

answerParent(
  `http://127.0.0.1:${(sockets.address() as AddressInfo).port}`,
  { stats: () => ({ ...counts, open: sockets.clients.size }) },
  async () => {
    for (const client of sockets.clients) client.terminate();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
  },
);
