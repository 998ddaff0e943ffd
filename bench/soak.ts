import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { FaultPlan } from '../test/support/fault-injecting-store.js';
import { nproc } from './machine.js';
import { type ServerChild, startServerChild } from './server-child.js';
import { ClientRecord } from './soak-client-record.js';
import { checkInvariants, type Verdict } from './soak-invariants.js';
import { hotSlots, runLoad } from './soak-load.js';
import { RequestLog } from './soak-request-log.js';

/**
 * `npm run soak [-- --seconds N]`: the server on SQLite in a child process under mixed load for a
 * fixed time (60 s), its store slow and failing for a window of it, then killed with SIGKILL and
 * restarted on the same file and port while the load goes on; stopped cleanly at the end, and its
 * file held to what must survive all that. Prints requests, statuses and latency by kind, the outage,
 * and a PASS or FAIL line per invariant; exits 1 when one fails. Loopback only.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = 'dist/bench/soak-server.js';
const CONCURRENCY = 16;
/** Shares of the run: the store misbehaves from FAULTS_FROM to FAULTS_UNTIL, the server is killed at KILL_AT. */
const FAULTS_FROM = 0.2;
const FAULTS_UNTIL = 0.45;
const KILL_AT = 0.6;
const READY_LIMIT_MS = 30_000;
/** Confirmations written by the last requests go out within a few polls of the outbox. */
const OUTBOX_POLL_MS = 100;
const OUTBOX_SETTLE_MS = 2_000;

function secondsFrom(args: string[]): number {
  const at = args.indexOf('--seconds');
  if (at === -1) return 60;
  const seconds = Number(args[at + 1]);
  if (!(seconds >= 3)) throw new Error(`--seconds: expected a number of seconds, 3 or more; got ${args[at + 1]}`);
  return seconds;
}

/** However late the restarted server is ready, the load goes on this long after, to show it answering. */
const LOAD_AFTER_READY_MS = 1_500;

/** When /readyz first answers 200, polled from now; undefined if not within the limit. */
async function readyAgain(url: string): Promise<number | undefined> {
  const deadline = Date.now() + READY_LIMIT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/v1/readyz`)).status === 200) return Date.now();
    } catch {
      // Refused while no server listens: that is the outage being timed.
    }
    await sleep(20);
  }
  return undefined;
}

/** Back by itself: ready again in time, and from then on every request answered, none with a 500. */
function recovery(log: RequestLog, killedAt: number, readyAt: number | undefined): Verdict {
  const name = 'the server recovered by itself after kill -9';
  if (readyAt === undefined)
    return { name, passed: false, detail: `/readyz did not answer 200 within ${READY_LIMIT_MS} ms of the restart` };
  const since = log.sent.filter((request) => request.at >= readyAt);
  const failed = since.filter((request) => typeof request.outcome !== 'number' || request.outcome === 500);
  const succeeded = since.filter((request) => typeof request.outcome === 'number' && request.outcome < 300);
  return {
    name,
    passed: failed.length === 0 && succeeded.length > 0,
    detail: `ready ${readyAt - killedAt} ms after the kill; of ${since.length} requests sent since, ${succeeded.length} succeeded, ${failed.length} unanswered or 500`,
  };
}

const seconds = secondsFrom(process.argv.slice(2));
const scratch = await mkdtemp(join(tmpdir(), 'soak-'));
const file = join(scratch, 'soak.sqlite');
const env = {
  STORAGE: 'sqlite',
  SQLITE_PATH: file,
  LOG_LEVEL: 'warn',
  TWILIO_WEBHOOKS: 'unsigned-local',
  OUTBOX_POLL_MS: String(OUTBOX_POLL_MS),
  CALL_DRAIN_SECONDS: '0',
};
const launch = { entry: SERVER_ENTRY, ipc: true };
const servers: ServerChild[] = [];
try {
  const first = await startServerChild(PROJECT_ROOT, env, launch);
  servers.push(first);
  const { url } = first;
  const record = new ClientRecord();
  const log = new RequestLog();
  const slots = await hotSlots(url, Date.now() + 12 * 3_600_000);
  // The run's clock starts with its load; the restarted server is never sent the plan.
  const started = Date.now();
  const at = (share: number) => Math.round(started + share * seconds * 1000);
  const plan: FaultPlan = { from: at(FAULTS_FROM), until: at(FAULTS_UNTIL), latencyMs: [5, 50], errorRate: 0.1 };
  first.send(plan);
  const plannedLoad = { url, until: at(1), concurrency: CONCURRENCY, slots, record, log };
  const load = runLoad(plannedLoad);

  await sleep(at(KILL_AT) - Date.now());
  const killedAt = Date.now();
  await first.kill();
  // Restarted at once, as a service manager would, on the same file and port; the load goes on.
  const ready = readyAgain(url);
  const restarted = await startServerChild(PROJECT_ROOT, env, { ...launch, port: Number(new URL(url).port) });
  servers.push(restarted);
  const readyAt = await ready;
  // A restart slowed by a busy machine must still leave the restarted server requests to answer.
  if (readyAt !== undefined) plannedLoad.until = Math.max(plannedLoad.until, readyAt + LOAD_AFTER_READY_MS);
  await load;
  const loadEndedAt = Date.now();
  await sleep(OUTBOX_SETTLE_MS);
  const exitCode = await restarted.stop();
  const stoppedAt = Date.now();

  const verdicts = [
    ...checkInvariants(file, { confirmed: record.expected, loadEndedAt, stoppedAt }),
    recovery(log, killedAt, readyAt),
    { name: 'the server stopped cleanly on SIGTERM', passed: exitCode === 0, detail: `exit code ${exitCode}` },
  ];
  const second = (instant: number) => ((instant - started) / 1000).toFixed(1);
  const unanswered = log.sent.filter((request) => request.outcome === 'no answer').length;
  const errorLines = servers.reduce((n, server) => n + server.errorLines.length, 0);
  console.log(
    `npm run soak: ${seconds} s, ${CONCURRENCY} requests in flight, ${slots.length} contested slots, SQLite in a temporary file; ${nproc()} cores, Node ${process.version}`,
  );
  console.log(
    `faults ${second(plan.from)}–${second(plan.until)} s: ${plan.latencyMs.join('–')} ms before every store call, ${plan.errorRate * 100}% of them failing; kill -9 at ${second(killedAt)} s, restarted at once on the same file and port`,
  );
  for (const line of log.table()) console.log(line);
  console.log(
    `outage: /readyz answered ${readyAt === undefined ? 'never' : `${readyAt - killedAt} ms after the kill`}; ${unanswered} requests got no answer (in flight at the kill, or sent before the restart listened)`,
  );
  console.log(
    `server log lines at error level: ${errorLines} (each 500 and each outbox round the injected faults broke logs one)`,
  );
  for (const { name, passed, detail } of verdicts) console.log(`${passed ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
  process.exitCode = verdicts.every((verdict) => verdict.passed) ? 0 : 1;
} finally {
  for (const server of servers) await server.stop();
  await rm(scratch, { recursive: true, force: true });
}
