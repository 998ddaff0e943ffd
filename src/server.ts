import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/load-config.js';
import { RequestsInFlight } from './adapters/http/requests-in-flight.js';
import { ReceptionistApp } from './app.js';
import { buildContainer, type Overrides } from './container.js';

export interface RunningServer {
  url: string;
  /** `signal`: what asked for the stop, for the log. */
  close(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Listens with the receptionist the container builds. Closing it cuts nothing short that can finish
 * in time: requests in flight are answered, up to the grace time, and calls go on, up to the drain time.
 */
export async function startServer(config: AppConfig, overrides: Overrides = {}): Promise<RunningServer> {
  const app = buildContainer(config, overrides).get(ReceptionistApp);
  await app.start();
  const requests = new RequestsInFlight(app.handleRequest);
  const server = createServer(requests.handle);
  server.on('upgrade', (request, socket, head) => app.handleUpgrade(request, socket, head));
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  app.logger.info({ url, clinic: config.clinic.name, storage: config.storage }, 'listening');

  const close = async (signal?: NodeJS.Signals) => {
    const { logger } = app;
    const { shutdownGraceMs: graceMs, voice } = config;
    logger.info(
      { signal, requestsInFlight: requests.count, graceMs, callDrainMs: voice.drainMs ?? 0 },
      'shutting down',
    );
    // New connections are refused from here on; those open are closed as their requests are answered.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    app.endLiveStreams();
    const [answered, calls] = await Promise.all([requests.drain(server, graceMs), app.drainCalls()]);
    await closed;
    await app.stop();
    logger.info({ requests: answered, calls }, 'stopped');
  };
  let closing: Promise<void> | undefined;
  return { url, close: (signal) => (closing ??= close(signal)) };
}
