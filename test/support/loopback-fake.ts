import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What every fake provider API shares: an HTTP server on a free loopback port, and a queue of
 * failures to answer the next requests with, in order.
 */
export abstract class LoopbackFake<Failure> {
  protected readonly failures: Failure[] = [];
  private readonly server = createServer((req, res) => void this.handle(req, res));

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  protected async listen(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests get these errors, in order, instead of being accepted. */
  failNext(...errors: Failure[]) {
    this.failures.push(...errors);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
