import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import Koa from 'koa';
import { type EventStream, LiveStreams } from '../../../../src/adapters/http/live-streams.js';
import { type EventStreamClient, openEventStream } from '../../../support/event-stream-client.js';
import { eventually } from '../../../support/eventually.js';

describe('live-update streams', () => {
  let streams: LiveStreams;
  let server: Server;
  let url: string;
  let opened: EventStream[];
  let stopped: number;
  const clients: EventStreamClient[] = [];

  beforeEach(async () => {
    streams = new LiveStreams(50);
    opened = [];
    stopped = 0;
    const app = new Koa();
    // As the server's: a browser leaving mid-stream is no error to report.
    app.silent = true;
    app.use((ctx) =>
      streams.serve(ctx, async (stream) => {
        opened.push(stream);
        return () => stopped++;
      }),
    );
    server = createServer(app.callback()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const open = async () => {
    const client = await openEventStream(url);
    clients.push(client);
    return client;
  };

  it('sends each event as written, and a keep-alive comment while it is quiet', async () => {
    const client = await open();
    opened[0]!.send('slots', { slotIds: ['2026-03-02T0900'] });
    await eventually(() => client.events.length > 0 && client.comments.length >= 2, 'an event and two heartbeats');
    expect(client.events[0]).to.deep.equal({ event: 'slots', data: '{"slotIds":["2026-03-02T0900"]}' });
    expect(client.comments.slice(0, 2)).to.deep.equal(['keep-alive', 'keep-alive']);
  });

  it('stops what it started once the browser leaves', async () => {
    const client = await open();
    expect(stopped).to.equal(0);
    client.close();
    await eventually(() => stopped === 1, 'the watch stopped');
  });

  it('ends every open stream, and each asked for afterwards, once told to end them all', async () => {
    const [first, second] = [await open(), await open()];
    streams.endAll();
    await Promise.all([first.ended, second.ended]);
    expect(stopped).to.equal(2);
    const late = await open();
    await late.ended;
    expect(late.status).to.equal(200);
    expect(opened, 'nothing started for the late one').to.have.length(2);
  });
});
