import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load-config.js';
import { SqliteBookingStore } from '../src/adapters/sqlite/sqlite-booking-store.js';
import { startServer } from '../src/server.js';
import { FaultInjectingStore, type FaultPlan } from '../test/support/fault-injecting-store.js';

/**
 * The server of `npm run soak`, in its own process so that it can be killed: the real server on the
 * environment's configuration (SQLite), its booking store behind a fault injector that follows the
 * plan the soak sends once its load is about to start (its window is the run's, not this process's
 * start-up). Stops on SIGTERM as npm start does.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const config = loadConfig(process.env, PROJECT_ROOT);
const store = new FaultInjectingStore(new SqliteBookingStore(config.sqlitePath, config.clinic.id));
process.on('message', (plan) => store.schedule(plan as FaultPlan));
const server = await startServer(config, { store });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
