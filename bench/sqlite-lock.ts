import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ALICE, aCrowdOf } from '../test/support/patients.js';
import { holdWriteLock } from '../test/support/sqlite-write-lock.js';
import { nproc } from './machine.js';
import { startServerChild } from './server-child.js';

/**
 * What the server does while another process holds its SQLite file's write lock: holds are sent as
 * the lock is taken, and /healthz is asked every PROBE_EVERY_MS until the lock is released (and for
 * as long before it, with no lock, for comparison). A server that waits for the lock on its one
 * thread answers nothing, live calls included, until it gives up; one that waits beside it answers
 * /healthz at once and the holds when their retries end.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Longer than any wait for the lock the server may make, so that its giving up is timed too. */
const LOCK_MS = Number(process.env.BENCH_LOCK_MS ?? 6_000);
const PROBE_EVERY_MS = 100;
/** One write waiting for the lock, then a crowd: each retries on its own, beside the probes. */
const WAITING_HOLDS = [1, 100];

interface Answer {
  ms: number;
  status: number;
}

async function timed(request: () => Promise<Response>): Promise<Answer> {
  const started = performance.now();
  const response = await request();
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

function summary(answers: Answer[]): string {
  const ms = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  const at = (share: number) => ms[Math.min(ms.length - 1, Math.floor(share * ms.length))]!.toFixed(1);
  const failed = answers.filter((answer) => answer.status !== 200).length;
  return `${ms.length} asked, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1)!.toFixed(1)} ms, non-200 ${failed}`;
}

const scratch = await mkdtemp(join(tmpdir(), 'bench-sqlite-lock-'));
const sqlitePath = join(scratch, 'bench.sqlite');
const server = await startServerChild(PROJECT_ROOT, { STORAGE: 'sqlite', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'error' });
try {
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
  const query = new URLSearchParams({ from, to, status: 'available' });
  const { slots } = (await (await fetch(`${server.url}/api/v1/slots?${query}`)).json()) as {
    slots: Array<{ slotId: string }>;
  };
  const hold = (slotId: string, phoneNumber: string) =>
    timed(() =>
      fetch(`${server.url}/api/v1/slots/hold`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ slotId, phoneNumber }),
      }),
    );
  const healthz = () => timed(() => fetch(`${server.url}/api/v1/healthz`));
  /** Probes sent on a steady beat, not one after another: a stalled server makes them pile up, as callers do. */
  async function healthzUntil(over: Promise<unknown>): Promise<Answer[]> {
    let ended = false;
    void over.then(() => (ended = true));
    const probes: Promise<Answer>[] = [];
    while (!ended) {
      probes.push(healthz());
      await sleep(PROBE_EVERY_MS);
    }
    return Promise.all(probes);
  }

  // Unmeasured: the server's code is compiled and its SQLite file warm before anything counts.
  for (let i = 0; i < 200; i++) await healthz();
  console.log(
    `SQLite write lock held ${LOCK_MS} ms by another process; ${nproc()} cores, load average ${loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
  );
  console.log(
    `  no lock:                     GET /healthz every ${PROBE_EVERY_MS} ms: ${summary(await healthzUntil(sleep(LOCK_MS)))}`,
  );
  const free = slots.map((slot) => slot.slotId);
  for (const count of WAITING_HOLDS) {
    const lock = await holdWriteLock(sqlitePath, LOCK_MS);
    const waiting = aCrowdOf(count).map((patient) => hold(free.shift()!, patient));
    const probes = await healthzUntil(lock.released);
    const holds = await Promise.all(waiting);
    const tally = new Map<number, number>();
    for (const { status } of holds) tally.set(status, (tally.get(status) ?? 0) + 1);
    const statuses = [...tally].map(([status, times]) => `${times} × ${status}`).join(', ');
    const ms = holds.map((answer) => answer.ms);
    console.log(
      `  lock held, ${String(count).padStart(3)} holds waiting: GET /healthz every ${PROBE_EVERY_MS} ms: ${summary(probes)}; the holds: ${statuses} after ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} ms`,
    );
    const afterwards = await hold(free.shift()!, ALICE);
    console.log(`  a hold after the release: ${afterwards.status} after ${afterwards.ms.toFixed(1)} ms`);
  }
  if (server.errorLines.length > 0)
    console.log(`  server errors: ${server.errorLines.length}, first: ${server.errorLines[0]!.slice(0, 200)}`);
} finally {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
}
