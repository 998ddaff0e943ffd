import cluster, { type Worker } from 'node:cluster';
import { answerWorkersScrapes } from './adapters/prometheus/machine-metrics.js';
import type { Logger } from './ports/logger.js';

export interface Supervision {
  workers: number;
  /** How long a worker's own stop may take (its grace and call drain run side by side), before it is killed. */
  stopMs: number;
  logger: Logger;
}

/** Beyond a worker's own bounds: telling the last callers the line is closing takes up to 10 s more. */
const STOP_MARGIN_MS = 15_000;

/**
 * The primary process of one machine: forks `workers` server processes, which share its port (the
 * primary hands each new connection to the next worker in turn, so a call's webhook, its stream and
 * every request may land on any of them), and replaces one that dies. SIGTERM or SIGINT stops every
 * worker as a single server stops, and resolves with the primary's exit code once they have all
 * exited: 0 when each stopped cleanly. A worker that exits before it ever listened failed to start (bad
 * store, bad file): restarting it would fail the same way, so the others are stopped and its exit code
 * is the primary's. A scrape of /metrics, whichever worker takes it, is answered with the machine's.
 */
export function superviseWorkers({ workers, stopMs, logger }: Supervision): Promise<number> {
  const listened = new WeakSet<Worker>();
  let stopping = false;
  let failedStart: number | undefined;
  let unclean = false;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));

  const stopAll = (reason: object) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    logger.info({ ...reason, workers: running.length }, 'stopping workers');
    for (const worker of running) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, stopMs + STOP_MARGIN_MS).unref();
    settleIfDone();
  };
  const settleIfDone = () => {
    if (!stopping || Object.keys(cluster.workers ?? {}).length > 0) return;
    const code = failedStart ?? (unclean ? 1 : 0);
    logger.info({ code }, 'workers stopped');
    resolveExit(code);
  };

  cluster.on('listening', (worker) => listened.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    const fields = { worker: worker.id, pid: worker.process.pid, code, signal };
    if (stopping) {
      // A worker stopped before it listened had nothing to drain.
      if (code !== 0 && !(signal === 'SIGTERM' && !listened.has(worker))) {
        unclean = true;
        logger.error(fields, 'worker did not stop cleanly');
      }
      settleIfDone();
    } else if (!listened.has(worker)) {
      failedStart = code ?? 1;
      logger.error(fields, 'worker failed to start: stopping the others');
      stopAll({ cause: 'failed start' });
    } else {
      logger.error(fields, 'worker died: starting another in its place');
      cluster.fork();
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopAll({ signal }));

  answerWorkersScrapes();
  logger.info({ workers }, 'starting workers');
  for (let i = 0; i < workers; i++) cluster.fork();
  return exited;
}
