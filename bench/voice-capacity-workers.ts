import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { answerParent } from './voice-capacity-ipc.js';

interface Reply {
  ready?: boolean;
  url?: string;
  id?: number;
  value?: unknown;
}

type Usage = Record<string, number>;

/*
 * Process A of bench:voice-capacity as a machine of BENCH_WORKERS workers runs it, as WORKERS runs the
 * server: this primary forks them (each runs bench/voice-capacity-server.ts as a single server does,
 * on the port they share, taking connections in turn) and answers the load generator for all of
 * them: memory summed, event-loop delays the worst worker's.
 */

cluster.setupPrimary({ exec: fileURLToPath(new URL('./voice-capacity-server.js', import.meta.url)) });
const workers = Array.from({ length: Number(process.env.BENCH_WORKERS) }, () => cluster.fork());

const urls = await Promise.all(workers.map(ready));
let nextId = 1;
const ask = (worker: Worker, cmd: string) =>
  new Promise<unknown>((resolve) => {
    const id = nextId++;
    const answered = (reply: Reply) => {
      if (reply.id !== id) return;
      worker.off('message', answered);
      resolve(reply.value);
    };
    worker.on('message', answered);
    worker.send({ id, cmd });
  });
const each = (cmd: string) => Promise.all(workers.map((worker) => ask(worker, cmd)));
const combine = (values: unknown[], pick: (a: number, b: number) => number) =>
  Object.fromEntries(
    Object.keys(values[0] as Usage).map((key) => [key, (values as Usage[]).map((v) => v[key]!).reduce(pick)]),
  );
answerParent(
  urls[0]!,
  {
    resetLoopDelay: () => each('resetLoopDelay'),
    loopDelay: async () => combine(await each('loopDelay'), (a, b) => Math.max(a, b)),
    memory: async () => combine(await each('memory'), (a, b) => a + b),
  },
  async () => {
    await Promise.all(workers.map((worker) => Promise.all([ask(worker, 'stop'), once(worker, 'exit')])));
  },
);

function ready(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    worker.on('message', (reply: Reply) => reply.ready && resolve(reply.url!));
    worker.once('exit', (code) => reject(new Error(`worker ${worker.id} exited (${code}) before it was ready`)));
  });
}
