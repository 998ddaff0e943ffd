import type { AddressInfo } from 'node:net';
import { type RawData, WebSocketServer } from 'ws';
import { answerParent } from './voice-capacity-ipc.js';

/**
 * Process D of bench:voice-capacity, the floor: a bare `ws` server that answers each Twilio media
 * frame with the same audio as a Twilio media message. Parsing and writing the JSON and the WebSocket
 * frames is all it does, which the real bridge must do too, and no less.
 */

const counts = { connections: 0, mediaIn: 0, mediaOut: 0 };
const sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise<void>((resolve) => sockets.once('listening', resolve));

sockets.on('connection', (socket) => {
  counts.connections++;
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    const message = JSON.parse(data.toString()) as { event?: string; streamSid?: string; media?: { payload?: string } };
    if (message.event !== 'media') return;
    counts.mediaIn++;
    socket.send(
      JSON.stringify({ event: 'media', streamSid: message.streamSid, media: { payload: message.media?.payload } }),
    );
    counts.mediaOut++;
  });
});

answerParent(
  `http://127.0.0.1:${(sockets.address() as AddressInfo).port}`,
  { stats: () => ({ ...counts, open: sockets.clients.size }) },
  async () => {
    for (const client of sockets.clients) client.terminate();
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
  },
);
