import { PassThrough } from 'node:stream';
import type { Context } from 'koa';

/** A comment line every 15 s: proxies and load balancers close a connection idle for 60 s by default. */
const HEARTBEAT_MS = 15_000;
/** How long a browser waits before it opens the stream again, once one has ended. */
const RECONNECT_MS = 3_000;

/** One open Server-Sent Events response: events are written to it until it ends. */
export interface EventStream {
  send(event: string, data: unknown): void;
}

/**
 * The Server-Sent Events responses the server has open, so that a stop ends them at once: each is a
 * request that never finishes on its own, and the stop would otherwise wait its whole grace time for
 * them. A browser reconnects by itself (to another server, or to this one restarted).
 */
export class LiveStreams {
  private readonly open = new Set<() => void>();
  private ended = false;

  constructor(private readonly heartbeatMs = HEARTBEAT_MS) {}

  /**
   * Makes `ctx` an event stream and runs `start` for it; what `start` resolves to runs when the
   * stream ends, whoever ends it. A stream asked for once the server stops ends straight away.
   */
  async serve(ctx: Context, start: (stream: EventStream) => Promise<() => void>): Promise<void> {
    // The response's 'close' comes once it ends or its connection is gone, the browser's leaving included.
    let gone = false;
    ctx.res.once('close', () => (gone = true));
    const body = new PassThrough();
    const stream: EventStream = {
      send: (event, data) => body.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    };
    const stop = this.ended ? () => {} : await start(stream);
    ctx.status = 200;
    ctx.type = 'text/event-stream';
    ctx.set('Cache-Control', 'no-cache');
    // nginx buffers responses unless told not to, and an event would wait in its buffer.
    ctx.set('X-Accel-Buffering', 'no');
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.body = body;
    // The first bytes send the headers: the browser's `open` comes now, not with the first event.
    body.write(`retry: ${RECONNECT_MS}\n\n`);
    const heartbeat = setInterval(() => body.write(': keep-alive\n\n'), this.heartbeatMs).unref();
    const end = () => {
      if (!this.open.delete(end)) return;
      clearInterval(heartbeat);
      stop();
      body.end();
    };
    this.open.add(end);
    ctx.res.once('close', end);
    if (gone || this.ended) end();
  }

  /** Ends every stream open, and every one asked for from now on. */
  endAll(): void {
    this.ended = true;
    for (const end of [...this.open]) end();
  }
}
