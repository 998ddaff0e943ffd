import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | undefined;

/**
 * The process's own figures (CPU, memory, handles, event loop lag, garbage collection) on a registry
 * of their own, made at the first call. Once per process, not once per app: they describe the process,
 * and prom-client's collector starts an event loop monitor and a GC observer that nothing can stop, so
 * each app that started its own (the tests start hundreds in one process) would leave them running.
 * Not prom-client's global registry either: nothing else in the process can add to this one.
 */
export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
