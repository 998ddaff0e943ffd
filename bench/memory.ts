import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { nproc } from './machine.js';
import type { MemoryRequest, MemorySample } from './memory-server.js';
import { startServerChild } from './server-child.js';
import { ClientRecord } from './soak-client-record.js';
import { hotSlots, runLoad } from './soak-load.js';
import { RequestLog } from './soak-request-log.js';

/**
 * `npm run bench:memory [-- --minutes N] [-- --snapshots DIR]`: the server on SQLite in a child process
 * under the soak's mixed load (REST holds, confirms, cancels and moves, chat and SMS conversations,
 * slot listings) for 10 minutes, its memory sampled every 10 s: VmRSS from /proc, and the V8 heap from
 * the server's own `process.memoryUsage()`. Prints the samples, and RSS after the first minute against
 * RSS at the end: a leak keeps growing, a bounded cache levels off. The heap still in use after a full
 * collection is read at those two points only (a collection forced every 10 s would hide how the
 * heap grows). With --snapshots, heap snapshots are written there after the first minute and at the
 * end, to compare in Chrome's DevTools.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONCURRENCY = 16;
const SAMPLE_EVERY_MS = 10_000;
const FIRST_MINUTE_MS = 60_000;
// The target: RSS at the end within 25% of RSS after the first minute.
const TOLERANCE = 0.25;
const SERVER_NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

const args = process.argv.slice(2);
const minutes = Number(option(args, '--minutes') ?? 10);
if (!(minutes >= 2))
  throw new Error(`--minutes: expected a number of minutes, 2 or more; got ${option(args, '--minutes')}`);
const snapshots = option(args, '--snapshots');

interface Sample {
  second: number;
  rssKiB: number;
  heap: MemorySample;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const load1 = () => loadavg()[0]!.toFixed(2);

const scratch = await mkdtemp(join(tmpdir(), 'bench-memory-'));
const loadAtStart = load1();
try {
  const server = await startServerChild(
    PROJECT_ROOT,
    {
      STORAGE: 'sqlite',
      SQLITE_PATH: join(scratch, 'memory.sqlite'),
      LOG_LEVEL: 'warn',
      TWILIO_WEBHOOKS: 'unsigned-local',
      OUTBOX_POLL_MS: '100',
    },
    { entry: 'dist/bench/memory-server.js', ipc: true, nodeArgs: ['--expose-gc', ...SERVER_NODE_ARGS] },
  );
  const rssKiB = () =>
    Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  const ask = (request: MemoryRequest) => server.ask(request);
  const liveHeap = async () => ((await ask({ liveHeap: true })) as { liveHeap: number }).liveHeap;
  const samples: Sample[] = [];
  const live: number[] = [];
  const log = new RequestLog();
  try {
    const slots = await hotSlots(server.url, Date.now() + 12 * 3_600_000);
    const started = Date.now();
    const until = started + minutes * 60_000;
    const load = runLoad({ url: server.url, until, concurrency: CONCURRENCY, slots, record: new ClientRecord(), log });
    for (let at = started + SAMPLE_EVERY_MS; at <= until; at += SAMPLE_EVERY_MS) {
      await sleep(at - Date.now());
      const heap = (await ask({ memory: true })) as MemorySample;
      samples.push({ second: Math.round((at - started) / 1000), rssKiB: rssKiB(), heap });
      const last = samples.at(-1)!;
      process.stdout.write(
        `${String(last.second).padStart(4)} s  RSS ${mib(last.rssKiB * 1024)} MiB  heap used ${mib(heap.heapUsed)} / total ${mib(heap.heapTotal)} MiB (new ${mib(heap.spaces.new_space ?? 0)}, old ${mib(heap.spaces.old_space ?? 0)}, large ${mib(heap.spaces.large_object_space ?? 0)})  external ${mib(heap.external)} MiB  requests ${log.sent.length}\n`,
      );
      // After RSS is read: many collections run in the nine minutes left, so this one does not decide the end's.
      if (at - started === FIRST_MINUTE_MS) {
        live.push(await liveHeap());
        if (snapshots) await ask({ snapshot: join(snapshots, 'minute-1.heapsnapshot') });
      }
    }
    await load;
    live.push(await liveHeap());
    if (snapshots) await ask({ snapshot: join(snapshots, 'end.heapsnapshot') });
  } finally {
    await server.stop();
  }
  const first = samples.find((sample) => sample.second * 1000 >= FIRST_MINUTE_MS)!;
  const last = samples.at(-1)!;
  const ratio = last.rssKiB / first.rssKiB;
  console.log(
    [
      '',
      `npm run bench:memory: ${minutes} min of the soak's mixed load, ${CONCURRENCY} requests in flight, ${log.sent.length} requests; SQLite in a temporary file; ${nproc()} cores, Node ${process.version}`,
      `load average (1 min) at start ${loadAtStart}, at end ${load1()}; server error log lines: ${server.errorLines.length}`,
      '',
      ...log.table(),
      '',
      `| | after minute 1 (${first.second} s) | at the end (${last.second} s) | end / minute 1 |`,
      '| --- | --- | --- | --- |',
      `| VmRSS | ${mib(first.rssKiB * 1024)} MiB | ${mib(last.rssKiB * 1024)} MiB | **${ratio.toFixed(2)}** ${ratio <= 1 + TOLERANCE ? 'PASS' : 'MISS'} (target <= ${1 + TOLERANCE}) |`,
      `| V8 heap in use after a full collection | ${mib(live[0]!)} MiB | ${mib(live[1]!)} MiB | ${(live[1]! / live[0]!).toFixed(2)} |`,
      `| V8 heap used | ${mib(first.heap.heapUsed)} MiB | ${mib(last.heap.heapUsed)} MiB | ${(last.heap.heapUsed / first.heap.heapUsed).toFixed(2)} |`,
      `| V8 heap total | ${mib(first.heap.heapTotal)} MiB | ${mib(last.heap.heapTotal)} MiB | ${(last.heap.heapTotal / first.heap.heapTotal).toFixed(2)} |`,
      `| external to the V8 heap (buffers; SQLite's pages are not counted) | ${mib(first.heap.external)} MiB | ${mib(last.heap.external)} MiB | ${(last.heap.external / first.heap.external).toFixed(2)} |`,
      ...server.errorLines.slice(0, 5),
    ].join('\n'),
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
