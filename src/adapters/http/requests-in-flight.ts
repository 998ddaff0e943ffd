import type { RequestListener, Server, ServerResponse } from 'node:http';

/** What became of the requests a stop waited for: answered in time, or cut at its deadline. */
export interface RequestsDrained {
  finished: number;
  cut: number;
}

/**
 * The requests an HTTP server is answering, so that stopping it lets them finish. Node's own close
 * only stops accepting: a request in flight would be answered `Connection: keep-alive` and its
 * connection kept open, so from the stop on every response closes its connection instead, and a
 * keep-alive client goes to another server for its next request.
 */
export class RequestsInFlight {
  private readonly open = new Set<ServerResponse>();
  private draining = false;
  private finishedWhileDraining = 0;
  private emptied: () => void = () => {};

  constructor(private readonly listener: RequestListener) {}

  readonly handle: RequestListener = (request, response) => {
    this.open.add(response);
    if (this.draining) response.setHeader('Connection', 'close');
    // 'close' comes once the response is sent, or once its connection is gone before that.
    response.once('close', () => {
      this.open.delete(response);
      if (!this.draining) return;
      this.finishedWhileDraining++;
      if (this.open.size === 0) this.emptied();
    });
    this.listener(request, response);
  };

  get count(): number {
    return this.open.size;
  }

  /**
   * Waits up to `graceMs` for the requests in flight, and for any that still come on their
   * connections meanwhile, then cuts the connections of those left. `server` must be closed first:
   * this refuses no new connection.
   */
  async drain(server: Server, graceMs: number): Promise<RequestsDrained> {
    this.draining = true;
    for (const response of this.open) if (!response.headersSent) response.setHeader('Connection', 'close');
    if (this.open.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const emptied = new Promise<void>((resolve) => (this.emptied = resolve));
      await Promise.race([emptied, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    const drained = { finished: this.finishedWhileDraining, cut: this.open.size };
    server.closeAllConnections();
    return drained;
  }
}
