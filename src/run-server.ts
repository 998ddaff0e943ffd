import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { createPinoLogger } from './adapters/system/pino-logger.js';
import { StoreUnavailable } from './ports/store-unavailable.js';
import { startServer } from './server.js';
import { superviseWorkers } from './worker-supervisor.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

try {
  const config = loadConfig(process.env, projectRoot);
  if (cluster.isPrimary && config.workers > 1) {
    const stopMs = Math.max(config.shutdownGraceMs, config.voice.drainMs ?? 0);
    const logger = createPinoLogger(config.logLevel);
    process.exit(await superviseWorkers({ workers: config.workers, stopMs, logger }));
  }
  const server = await startServer(config);
  // A second signal ends a server at once; a worker's primary sends it SIGTERM, which a signal to the
  // whole process group would double, so a worker takes every signal as the one stop. A second signal
  // to the primary still ends everything: its workers exit as their channel to it closes.
  const on = cluster.isWorker ? process.on.bind(process) : process.once.bind(process);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    on(signal, () => {
      server.close(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  // Both are the operator's to fix, and say how: a message, not a stack trace.
  if (!(error instanceof ConfigError || error instanceof StoreUnavailable)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
