import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { StoreUnavailable } from './ports/store-unavailable.js';
import { startServer } from './server.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

try {
  const server = await startServer(loadConfig(process.env, projectRoot));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
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
