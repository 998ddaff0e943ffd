import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/load-config.js';
import { ReceptionistApp } from './app.js';
import { buildContainer, type Overrides } from './container.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens with the receptionist the container builds, and closes it without cutting calls short. */
export async function startServer(config: AppConfig, overrides: Overrides = {}): Promise<RunningServer> {
  const app = buildContainer(config, overrides).get(ReceptionistApp);
  await app.start();
  const server = createServer(app.handleRequest);
  server.on('upgrade', (request, socket, head) => app.handleUpgrade(request, socket, head));
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  app.logger.info({ url, clinic: config.clinic.name, storage: config.storage }, 'listening');

  const close = async () => {
    // New connections are refused from here on; calls in progress may finish, up to the drain time.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await app.drainCalls();
    server.closeAllConnections();
    await closed;
    await app.stop();
  };
  let closing: Promise<void> | undefined;
  return { url, close: () => (closing ??= close()) };
}
