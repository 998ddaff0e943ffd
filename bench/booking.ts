import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startServerChild } from './server-child.js';

/**
 * Booking-core benchmark: the real server in a child process, loaded over HTTP from this one.
 * Each target is a storage configuration; all are measured in the same run and printed side by side.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLINIC_CONFIG = 'bench/clinic-for-bench.json';
const API = '/api/v1';
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const LIST_CONNECTIONS = 50;
const PAIR_CONNECTIONS = 32;
const DAY = 86_400_000;
// One log line per request would measure pino rather than the booking core.
const LOG_LEVEL = 'warn';
// Node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof).
const SERVER_NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

interface Target {
  name: string;
  env(scratchDir: string): Record<string, string>;
}

const TARGETS: Target[] = [{ name: 'sqlite', env: (dir) => ({ STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bench.sqlite') }) }];

interface SlotJson {
  slotId: string;
  status: 'AVAILABLE' | 'HELD' | 'BOOKED';
}

interface Figures {
  listUrl: string;
  listSlots: number;
  listKiB: number;
  list: autocannon.Result;
  pairs: PairFigures;
  bookedAfter: number;
  heldAfter: number;
  memory: { rssKiB: number; hwmKiB: number };
  serverErrors: string[];
}

interface PairFigures {
  completed: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: Map<string, number>;
  ranOutOfSlots: boolean;
}

const clinicTimeZone = (JSON.parse(readFileSync(join(PROJECT_ROOT, CLINIC_CONFIG), 'utf8')) as { timeZone: string }).timeZone;

/** The clinic-local calendar day `days` from now, as the API's `date` parameter expects it. */
function clinicDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: clinicTimeZone }).format(Date.now() + days * DAY);
}

async function slotsIn(url: string, query: string): Promise<{ slots: SlotJson[]; bytes: number }> {
  const response = await fetch(`${url}${API}/slots?${query}`);
  if (response.status !== 200) throw new Error(`GET /slots?${query} answered ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return { slots: (JSON.parse(text) as { slots: SlotJson[] }).slots, bytes: Buffer.byteLength(text) };
}

/** A week out, clear of the day the list benchmark reads; 31 days is the widest range the API serves. */
function pairWindow(): string {
  const from = Date.now() + 7 * DAY;
  return `from=${new Date(from).toISOString()}&to=${new Date(from + 31 * DAY).toISOString()}`;
}

// node:http rather than fetch: undici's per-request cost would take CPU from the server on a small machine.
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * Each pair takes its own slot and its own patient, so every non-201 is a fault, not a lost race.
 * Latency is per pair (hold sent to confirm answered), which autocannon cannot measure.
 */
async function holdConfirmPairs(url: string, slotIds: string[]): Promise<PairFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: PAIR_CONNECTIONS });
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const fail = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1);
  let next = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;

  const worker = async () => {
    while (performance.now() < deadline && next < slotIds.length) {
      const i = next++;
      const body = JSON.stringify({ slotId: slotIds[i], phoneNumber: `+1555${String(i).padStart(7, '0')}` });
      const pairStarted = performance.now();
      for (const step of ['slots/hold', 'appointments/confirm']) {
        const status = await post(agent, `${url}${API}/${step}`, body).catch((error: NodeJS.ErrnoException) => error.code ?? 'error');
        if (status !== 201) {
          fail(`${step} ${status}`);
          break;
        }
        if (step === 'appointments/confirm') latencies.push(performance.now() - pairStarted);
      }
    }
  };
  await Promise.all(Array.from({ length: PAIR_CONNECTIONS }, worker));
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    perSecond: latencies.length / elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
    ranOutOfSlots: next >= slotIds.length,
  };
}

async function benchmark(target: Target): Promise<Figures> {
  const scratch = await mkdtemp(join(tmpdir(), `bench-booking-${target.name}-`));
  const server = await startServerChild(PROJECT_ROOT, { LOG_LEVEL, CLINIC_CONFIG, ...target.env(scratch) }, SERVER_NODE_ARGS).catch(async (error: unknown) => {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  });
  try {
    const listQuery = `date=${clinicDay(3)}`;
    const listed = await slotsIn(server.url, listQuery);
    const list = await autocannon({
      url: `${server.url}${API}/slots?${listQuery}`,
      connections: LIST_CONNECTIONS,
      duration: SECONDS,
      warmup: { connections: LIST_CONNECTIONS, duration: WARMUP_SECONDS },
    });

    const window = pairWindow();
    const available = (await slotsIn(server.url, `${window}&status=available`)).slots.map((slot) => slot.slotId);
    const pairs = await holdConfirmPairs(server.url, available);
    // Read back from the store: the client's count of 201s must match what was actually booked.
    const after = (await slotsIn(server.url, window)).slots;

    return {
      listUrl: `GET ${API}/slots?${listQuery}`,
      listSlots: listed.slots.length,
      listKiB: listed.bytes / 1024,
      list,
      pairs,
      bookedAfter: after.filter((slot) => slot.status === 'BOOKED').length,
      heldAfter: after.filter((slot) => slot.status === 'HELD').length,
      memory: server.memory(),
      serverErrors: server.errorLines,
    };
  } finally {
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}

const n = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const mib = (kib: number) => `${n(kib / 1024, 1)} MiB`;

function table(results: { target: Target; figures: Figures }[]): string {
  const rows: [string, string, (f: Figures) => string][] = [
    ['GET /slots?date=: response', '', (f) => `${n(f.listSlots)} slots, ${n(f.listKiB, 1)} KiB`],
    ['GET /slots?date=: req/s (mean)', '>= 5,000', (f) => `${n(f.list.requests.mean)} ${verdict(f.list.requests.mean >= 5000)}`],
    ['GET /slots?date=: latency p50 / p99', 'p99 < 20 ms', (f) => `${f.list.latency.p50} / ${f.list.latency.p99} ms ${verdict(f.list.latency.p99 < 20)}`],
    ['GET /slots?date=: non-2xx / errors / timeouts', '0', (f) => `${f.list.non2xx} / ${f.list.errors} / ${f.list.timeouts}`],
    ['hold+confirm: pairs/s', '>= 1,000', (f) => `${n(f.pairs.perSecond)} ${verdict(f.pairs.perSecond >= 1000)}`],
    ['hold+confirm: pair latency p50 / p99', '', (f) => `${n(f.pairs.p50, 1)} / ${n(f.pairs.p99, 1)} ms`],
    ['hold+confirm: pairs completed', '', (f) => `${n(f.pairs.completed)}${f.pairs.ranOutOfSlots ? ' (ran out of slots)' : ''}`],
    ['hold+confirm: non-201 answers', '0', (f) => [...f.pairs.failures].map(([what, count]) => `${what}: ${count}`).join(', ') || '0'],
    ['store afterwards: BOOKED / HELD', 'BOOKED = pairs', (f) => `${n(f.bookedAfter)} / ${n(f.heldAfter)} ${f.bookedAfter === f.pairs.completed ? 'OK' : 'MISMATCH'}`],
    ['server VmRSS / VmHWM after runs', '', (f) => `${mib(f.memory.rssKiB)} / ${mib(f.memory.hwmKiB)}`],
    ['server error log lines', '0', (f) => String(f.serverErrors.length)],
  ];
  const header = ['measure', 'target', ...results.map((r) => r.target.name)];
  const lines = [header, header.map(() => '---'), ...rows.map(([label, goal, cell]) => [label, goal, ...results.map((r) => cell(r.figures))])];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const results = [];
for (const target of TARGETS) {
  process.stdout.write(`benchmarking ${target.name}…\n`);
  results.push({ target, figures: await benchmark(target) });
}
const first = results[0]!.figures;
process.stdout.write(
  [
    '',
    `Booking core, ${new Date().toISOString()}, Node ${process.version}, ${availableParallelism()} CPUs (server and load generator share them)`,
    `${first.listUrl}: autocannon, ${LIST_CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up`,
    `hold+confirm: ${PAIR_CONNECTIONS} concurrent pairs on keep-alive connections, ${SECONDS} s, one slot and one patient per pair`,
    `server LOG_LEVEL=${LOG_LEVEL}: per-request info logging is off, as it would dominate the figures`,
    '',
    table(results),
    '',
  ].join('\n'),
);
for (const { target, figures } of results) {
  for (const line of figures.serverErrors.slice(0, 5)) process.stdout.write(`${target.name} server: ${line}\n`);
}
