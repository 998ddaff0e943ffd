import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../config/load-config.js';
import { startServer } from '../src/server.js';

/**
 * The server of `npm run bench:memory`: the real server on the environment's configuration, in its
 * own process, answering the benchmark over IPC with its `process.memoryUsage()`; when asked, with the
 * heap still in use after a full collection (run with --expose-gc), or a heap snapshot written where
 * it is told. Stops on SIGTERM as npm start does.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `process.memoryUsage()`, and the size of each of V8's heap spaces (new_space, old_space, …) in bytes. */
export type MemorySample = NodeJS.MemoryUsage & { spaces: Record<string, number> };

export type MemoryRequest = { memory: true } | { liveHeap: true } | { snapshot: string };

const server = await startServer(loadConfig(process.env, PROJECT_ROOT));
process.on('message', (request: MemoryRequest) => {
  if ('snapshot' in request) {
    writeHeapSnapshot(request.snapshot);
    process.send!({ snapshot: request.snapshot });
  } else if ('liveHeap' in request) {
    globalThis.gc!();
    process.send!({ liveHeap: process.memoryUsage().heapUsed });
  } else {
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]));
    process.send!({ ...process.memoryUsage(), spaces });
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
