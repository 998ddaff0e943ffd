import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../src/adapters/dynamodb/dynamodb-tables.js';
import { startDynamoDbLocal } from '../test/support/dynamodb-local.js';
import { type CpuSplit, measureCpu } from './cpu-meter.js';
import { type ServerChild, startServerChild } from './server-child.js';

/**
 * Booking-core benchmark: the real server in a child process, loaded over HTTP from this one.
 * Each target is a storage configuration; all are measured in the same run and printed side by side.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLINIC_CONFIG = 'bench/clinic-for-bench.json';
const LIST_CLINIC_CONFIG = 'config/clinic.json';
const API = '/api/v1';
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const LIST_CONNECTIONS = 50;
const FEW_LIST_CONNECTIONS = 20;
const PAIR_CONNECTIONS = 50;
const CLINIC_COUNT = 50;
// The target: pairs/s across many clinics within 20% of one clinic's, in the same run.
const MANY_CLINICS_TOLERANCE = 0.2;
const DAY = 86_400_000;
// One log line per request would measure pino rather than the booking core.
const LOG_LEVEL = 'warn';
/**
 * The outbox is not sent during a run: sending is not booking, and it is capped per clinic and round,
 * so one clinic's server would send a trickle of confirmations while fifty clinics' sent fifty times
 * as many, and the comparison would be of sending.
 */
const OUTBOX_POLL_MS = '0';
// Node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof).
const SERVER_NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

interface Target {
  name: string;
  /** The server's storage settings, on a scratch directory of its own. */
  env(scratchDir: string): Promise<Record<string, string>>;
  /** The clinic for the booking pairs, when not the benchmark's large one. */
  pairClinicConfig?: string;
}

const TARGETS: Target[] = [
  { name: 'sqlite', env: async (dir) => ({ STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'bench.sqlite') }) },
];

// Amazon's DynamoDB Local beside SQLite, in the same run. Publishing is one conditional write per
// slot on it, so its clinic is smaller (6 providers, 30 days: about 10,000 slots, enough for the run).
const dynamoDbLocal = await startDynamoDbLocal();
TARGETS.push({
  name: 'dynamodb-local',
  // Tables of its own for each server, as each SQLite server has a file of its own: a store keeps
  // its clinics, and CLINIC_CONFIG is put only into a store that has none.
  env: async (dir) => {
    const prefix = `${basename(dir)}-`;
    const admin = createDynamoDbClient(dynamoDbLocal.clientConfig);
    await createTables(admin, prefix);
    admin.destroy();
    return {
      STORAGE: 'dynamodb',
      DYNAMODB_ENDPOINT: dynamoDbLocal.endpoint,
      DYNAMODB_TABLE_PREFIX: prefix,
      AWS_REGION: dynamoDbLocal.clientConfig.region,
      AWS_ACCESS_KEY_ID: dynamoDbLocal.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: dynamoDbLocal.clientConfig.credentials.secretAccessKey,
    };
  },
  pairClinicConfig: 'bench/clinic-for-bench-dynamodb.json',
});

interface SlotJson {
  slotId: string;
  status: 'AVAILABLE' | 'HELD' | 'BOOKED';
}

interface Figures {
  listSlots: number;
  listKiB: number;
  list: autocannon.Result;
  listFew: autocannon.Result;
  listCpu: CpuSplit;
  /** One provider's day on the large clinic, as a booking page for one doctor lists it. */
  providerListSlots: number;
  providerList: autocannon.Result;
  pairs: PairFigures;
  pairsCpu: CpuSplit;
  manyClinics: ManyClinicsFigures;
  bookedAfter: number;
  heldAfter: number;
  memoryAtStart: { rssKiB: number; hwmKiB: number };
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

/** The same hold+confirm load spread over many clinics' scoped routes, on a server of its own. */
interface ManyClinicsFigures {
  putSeconds: number;
  pairs: PairFigures;
  pairsCpu: CpuSplit;
  bookedAfter: number;
  serverErrors: string[];
}

const clinicTimeZone = (JSON.parse(readFileSync(join(PROJECT_ROOT, CLINIC_CONFIG), 'utf8')) as { timeZone: string })
  .timeZone;
const clinicToday = new Intl.DateTimeFormat('en-CA', { timeZone: clinicTimeZone }).format(Date.now());
const clinicDay = (offset: number) => new Date(Date.parse(clinicToday) + offset * DAY).toISOString().slice(0, 10);
// A full clinic day a few days out: what the front desk and the booking flow list most.
const LIST_QUERY = `date=${clinicDay(3)}`;
const PROVIDER_LIST_QUERY = `${LIST_QUERY}&providerId=provider-01`;
// From a week out, clear of the listed day. Enough slots for 5,000 pairs/s, so the run ends on time, not on slots.
const PAIR_DAYS = Array.from({ length: 31 }, (_, i) => clinicDay(7 + i));
// The many clinics' pairs take the slots of the day after tomorrow, the last of a short horizon: a
// booking's reminder is due 24 h ahead (REMINDER_LEAD_HOURS), so, as for the one clinic's pairs a week
// out, no reminder falls due and is sent during the run.
const MANY_CLINICS_HORIZON_DAYS = 3;
const MANY_CLINICS_PAIR_DAY = clinicDay(2);

async function slotsIn(url: string, query: string, routes = API): Promise<{ slots: SlotJson[]; bytes: number }> {
  const response = await fetch(`${url}${routes}/slots?${query}`);
  if (response.status !== 200)
    throw new Error(`GET ${routes}/slots?${query} answered ${response.status}: ${await response.text()}`);
  const text = await response.text();
  return { slots: (JSON.parse(text) as { slots: SlotJson[] }).slots, bytes: Buffer.byteLength(text) };
}

/** Day by day, as a client would: one listing of weeks of slots would swell the server's memory figures. */
async function slotsOnDays(url: string, days: string[], filter = ''): Promise<SlotJson[]> {
  const slots: SlotJson[] = [];
  for (const day of days) slots.push(...(await slotsIn(url, `date=${day}${filter}`)).slots);
  return slots;
}

// node:http rather than fetch: undici's per-request cost would take CPU from the server on a small machine.
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume().on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** A slot to book and the routes it is booked on: `${API}` for the one clinic, or a clinic's scoped ones. */
interface PairSlot {
  routes: string;
  slotId: string;
}

const unscoped = (slotIds: string[]): PairSlot[] => slotIds.map((slotId) => ({ routes: API, slotId }));

/**
 * Each pair takes its own slot and its own patient, so every non-201 is a fault, not a lost race.
 * Latency is per pair (hold sent to confirm answered), which autocannon cannot measure.
 */
async function holdConfirmPairs(url: string, slots: PairSlot[]): Promise<PairFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: PAIR_CONNECTIONS });
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;

  const worker = async () => {
    while (performance.now() < deadline && next < slots.length) {
      const i = next++;
      const { routes, slotId } = slots[i]!;
      const body = JSON.stringify({ slotId, phoneNumber: `+1555${String(i).padStart(7, '0')}` });
      const succeeds = async (path: string) => {
        const status = await post(agent, `${url}${routes}${path}`, body).catch(
          (error: NodeJS.ErrnoException) => error.code ?? 'error',
        );
        if (status !== 201) failures.set(`${path} ${status}`, (failures.get(`${path} ${status}`) ?? 0) + 1);
        return status === 201;
      };
      const pairStarted = performance.now();
      if ((await succeeds('/slots/hold')) && (await succeeds('/appointments/confirm')))
        latencies.push(performance.now() - pairStarted);
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
    ranOutOfSlots: next >= slots.length,
  };
}

/** A fresh server on its own scratch space for one phase, stopped and cleaned up afterwards. */
async function withServer<T>(
  target: Target,
  clinicConfig: string,
  phase: (server: ServerChild) => Promise<T>,
): Promise<T> {
  const scratch = await mkdtemp(join(tmpdir(), `bench-booking-${target.name}-`));
  try {
    const server = await startServerChild(
      PROJECT_ROOT,
      { LOG_LEVEL, OUTBOX_POLL_MS, ...(await target.env(scratch)), CLINIC_CONFIG: clinicConfig },
      { nodeArgs: SERVER_NODE_ARGS },
    );
    try {
      return await phase(server);
    } finally {
      await server.stop();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A clinic document as the admin API takes it; the server checks it. */
type ClinicJson = { id: string; name: string } & Record<string, unknown>;

/**
 * The pairs' clinic as `bench-NN`, on a number of its own: the same hours and providers, its horizon
 * cut to three days, so that 50 of them hold about as many slots as the one clinic on SQLite and are
 * published in seconds, not minutes, on DynamoDB Local (a conditional write per slot).
 */
function benchClinic(file: string, index: number): ClinicJson {
  const clinic = JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')) as ClinicJson;
  const nn = String(index).padStart(2, '0');
  return {
    ...clinic,
    id: `bench-${nn}`,
    name: `${clinic.name} ${nn}`,
    locale: 'en-US',
    horizonDays: MANY_CLINICS_HORIZON_DAYS,
    numbers: [`+1555010${String(index).padStart(4, '0')}`],
  };
}

async function putClinic(url: string, clinic: ClinicJson): Promise<void> {
  const response = await fetch(`${url}${API}/admin/clinics/${clinic.id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(clinic),
  });
  if (response.status !== 201)
    throw new Error(`PUT /admin/clinics/${clinic.id} answered ${response.status}: ${await response.text()}`);
}

/** One slot of each clinic in turn, so that consecutive pairs, and so the 50 in flight, are for different clinics. */
const roundRobin = (perClinic: PairSlot[][]): PairSlot[] =>
  Array.from({ length: Math.max(...perClinic.map((slots) => slots.length)) }, (_, i) =>
    perClinic.flatMap((slots) => slots.slice(i, i + 1)),
  ).flat();

/**
 * The same pairs, connections and duration as on the one clinic, spread over 50 clinics' scoped
 * routes on a fresh server of the same kind. The server is not exposed, so requests without a token act as the operator.
 */
async function manyClinics(target: Target): Promise<ManyClinicsFigures> {
  // The store is seeded with the small sample clinic, as it must have one; it takes no pairs.
  return withServer(target, LIST_CLINIC_CONFIG, async (server) => {
    const clinics = Array.from({ length: CLINIC_COUNT }, (_, i) =>
      benchClinic(target.pairClinicConfig ?? CLINIC_CONFIG, i + 1),
    );
    const putStarted = performance.now();
    // Each put answers once the clinic is served, its horizon published.
    for (const clinic of clinics) await putClinic(server.url, clinic);
    const putSeconds = (performance.now() - putStarted) / 1000;
    const scopes = clinics.map((clinic) => `${API}/clinics/${clinic.id}`);
    // Also one GET /slots per clinic before the clock starts: nothing a clinic does on first use is measured.
    const perClinic: PairSlot[][] = [];
    for (const routes of scopes) {
      const { slots } = await slotsIn(server.url, `date=${MANY_CLINICS_PAIR_DAY}&status=available`, routes);
      perClinic.push(slots.map(({ slotId }) => ({ routes, slotId })));
    }
    const [pairs, pairsCpu] = await measureCpu(server.pid, () => holdConfirmPairs(server.url, roundRobin(perClinic)));
    let bookedAfter = 0;
    for (const routes of scopes) {
      const { slots } = await slotsIn(server.url, `date=${MANY_CLINICS_PAIR_DAY}`, routes);
      bookedAfter += slots.filter((slot) => slot.status === 'BOOKED').length;
    }
    return { putSeconds, pairs, pairsCpu, bookedAfter, serverErrors: server.errorLines };
  });
}

/**
 * Listing runs on the sample clinic a practice would run (config/clinic.json: two doctors, a day's
 * list of a few dozen slots); booking pairs on the benchmark's large clinic, which has slots enough
 * for thousands of pairs a second.
 */
async function benchmark(target: Target): Promise<Figures> {
  const listing = await withServer(target, LIST_CLINIC_CONFIG, async (server) => {
    const listed = await slotsIn(server.url, LIST_QUERY);
    const [list, listCpu] = await measureCpu(server.pid, () =>
      autocannon({
        url: `${server.url}${API}/slots?${LIST_QUERY}`,
        connections: LIST_CONNECTIONS,
        duration: SECONDS,
        warmup: { connections: LIST_CONNECTIONS, duration: WARMUP_SECONDS },
      }),
    );
    // Fewer clients, same server: separates the server's latency from queueing behind 50 of them.
    const listFew = await autocannon({
      url: `${server.url}${API}/slots?${LIST_QUERY}`,
      connections: FEW_LIST_CONNECTIONS,
      duration: SECONDS,
    });
    return { listed, list, listCpu, listFew, memory: server.memory(), errors: server.errorLines };
  });
  const onePairsClinic = await withServer(target, target.pairClinicConfig ?? CLINIC_CONFIG, async (server) => {
    const memoryAtStart = server.memory();
    const providerListed = await slotsIn(server.url, PROVIDER_LIST_QUERY);
    const providerList = await autocannon({
      url: `${server.url}${API}/slots?${PROVIDER_LIST_QUERY}`,
      connections: FEW_LIST_CONNECTIONS,
      duration: SECONDS,
    });
    const available = (await slotsOnDays(server.url, PAIR_DAYS, '&status=available')).map((slot) => slot.slotId);
    const [pairs, pairsCpu] = await measureCpu(server.pid, () => holdConfirmPairs(server.url, unscoped(available)));
    // Read back from the store: the client's count of 201s must match what was actually booked.
    const after = await slotsOnDays(server.url, PAIR_DAYS);
    return {
      listSlots: listing.listed.slots.length,
      listKiB: listing.listed.bytes / 1024,
      list: listing.list,
      listCpu: listing.listCpu,
      listFew: listing.listFew,
      providerListSlots: providerListed.slots.length,
      providerList,
      pairs,
      pairsCpu,
      bookedAfter: after.filter((slot) => slot.status === 'BOOKED').length,
      heldAfter: after.filter((slot) => slot.status === 'HELD').length,
      memoryAtStart,
      memory: server.memory(),
      serverErrors: [...listing.errors, ...server.errorLines],
    };
  });
  // Right after the one clinic's pairs, so both are measured on the machine as it is now.
  const many = await manyClinics(target);
  return {
    ...onePairsClinic,
    manyClinics: many,
    serverErrors: [...onePairsClinic.serverErrors, ...many.serverErrors],
  };
}

const n = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
const cores = (cpu: CpuSplit) => `${n(cpu.server, 2)} / ${n(cpu.loadGenerator, 2)} / ${n(cpu.other, 2)}`;
const mib = (kib: number) => `${n(kib / 1024, 1)} MiB`;
const manyToOne = (f: Figures) => f.manyClinics.pairs.perSecond / f.pairs.perSecond;
const withinTolerance = (ratio: number) => Math.abs(ratio - 1) <= MANY_CLINICS_TOLERANCE;
const failuresOf = (pairs: PairFigures) =>
  [...pairs.failures].map(([what, count]) => `${what}: ${count}`).join(', ') || '0';

function table(results: { target: Target; figures: Figures }[]): string {
  const rows: [string, string, (f: Figures) => string][] = [
    ['GET /slots?date=: response', '', (f) => `${n(f.listSlots)} slots, ${n(f.listKiB, 1)} KiB`],
    [
      'GET /slots?date=: req/s (mean)',
      '>= 5,000',
      (f) => `${n(f.list.requests.mean)} ${verdict(f.list.requests.mean >= 5000)}`,
    ],
    [
      'GET /slots?date=: latency p50 / p99',
      'p99 < 20 ms',
      (f) => `${f.list.latency.p50} / ${f.list.latency.p99} ms ${verdict(f.list.latency.p99 < 20)}`,
    ],
    [
      `GET /slots?date= with ${FEW_LIST_CONNECTIONS} connections: req/s, p50 / p99`,
      '>= 5,000, p99 < 20 ms',
      (f) =>
        `${n(f.listFew.requests.mean)}, ${f.listFew.latency.p50} / ${f.listFew.latency.p99} ms ${verdict(f.listFew.requests.mean >= 5000 && f.listFew.latency.p99 < 20)}`,
    ],
    [
      'GET /slots?date=: non-2xx / errors (of which timeouts)',
      '0',
      (f) => `${f.list.non2xx} / ${f.list.errors} (${f.list.timeouts})`,
    ],
    ['GET /slots?date=: CPU cores server / load gen / other', '', (f) => cores(f.listCpu)],
    [
      `GET /slots?date=&providerId= on the pairs' clinic, ${FEW_LIST_CONNECTIONS} connections: slots, req/s, p50 / p99`,
      '',
      (f) =>
        `${n(f.providerListSlots)} slots, ${n(f.providerList.requests.mean)}, ${f.providerList.latency.p50} / ${f.providerList.latency.p99} ms, non-2xx ${f.providerList.non2xx}`,
    ],
    ['hold+confirm: pairs/s', '>= 1,000', (f) => `${n(f.pairs.perSecond)} ${verdict(f.pairs.perSecond >= 1000)}`],
    ['hold+confirm: pair latency p50 / p99', '', (f) => `${n(f.pairs.p50, 1)} / ${n(f.pairs.p99, 1)} ms`],
    [
      'hold+confirm: pairs completed',
      '',
      (f) => `${n(f.pairs.completed)}${f.pairs.ranOutOfSlots ? ' (ran out of slots)' : ''}`,
    ],
    ['hold+confirm: non-201 answers', '0', (f) => failuresOf(f.pairs)],
    ['hold+confirm: CPU cores server / load gen / other', '', (f) => cores(f.pairsCpu)],
    [
      `${CLINIC_COUNT} clinics put through the admin API, each publishing its horizon`,
      '',
      (f) => `${n(f.manyClinics.putSeconds, 1)} s`,
    ],
    [
      `hold+confirm across ${CLINIC_COUNT} clinics: pairs/s, ratio to one clinic's`,
      `within ${MANY_CLINICS_TOLERANCE * 100}%`,
      (f) => `${n(f.manyClinics.pairs.perSecond)}, ${n(manyToOne(f), 2)} ${verdict(withinTolerance(manyToOne(f)))}`,
    ],
    [
      `hold+confirm across ${CLINIC_COUNT} clinics: pair latency p50 / p99`,
      '',
      (f) => `${n(f.manyClinics.pairs.p50, 1)} / ${n(f.manyClinics.pairs.p99, 1)} ms`,
    ],
    [
      `hold+confirm across ${CLINIC_COUNT} clinics: pairs completed, non-201 answers`,
      '0',
      (f) =>
        `${n(f.manyClinics.pairs.completed)}${f.manyClinics.pairs.ranOutOfSlots ? ' (ran out of slots)' : ''}, ${failuresOf(f.manyClinics.pairs)}`,
    ],
    [
      `hold+confirm across ${CLINIC_COUNT} clinics: CPU cores server / load gen / other`,
      '',
      (f) => cores(f.manyClinics.pairsCpu),
    ],
    [
      `store afterwards across ${CLINIC_COUNT} clinics: BOOKED`,
      'BOOKED = pairs',
      (f) =>
        `${n(f.manyClinics.bookedAfter)} ${f.manyClinics.bookedAfter === f.manyClinics.pairs.completed ? 'OK' : 'MISMATCH'}`,
    ],
    [
      'store afterwards: BOOKED / HELD',
      'BOOKED = pairs',
      (f) => `${n(f.bookedAfter)} / ${n(f.heldAfter)} ${f.bookedAfter === f.pairs.completed ? 'OK' : 'MISMATCH'}`,
    ],
    ['server VmRSS / VmHWM once started', '', (f) => `${mib(f.memoryAtStart.rssKiB)} / ${mib(f.memoryAtStart.hwmKiB)}`],
    ['server VmRSS / VmHWM after runs', '', (f) => `${mib(f.memory.rssKiB)} / ${mib(f.memory.hwmKiB)}`],
    ['server error log lines', '0', (f) => String(f.serverErrors.length)],
  ];
  const header = ['measure', 'target', ...results.map((r) => r.target.name)];
  const lines = [
    header,
    header.map(() => '---'),
    ...rows.map(([label, goal, cell]) => [label, goal, ...results.map((r) => cell(r.figures))]),
  ];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const results = [];
try {
  for (const target of TARGETS) {
    process.stdout.write(`benchmarking ${target.name}…\n`);
    results.push({ target, figures: await benchmark(target) });
  }
} finally {
  await dynamoDbLocal.stop();
}
process.stdout.write(
  [
    '',
    `Booking core, ${new Date().toISOString()}, Node ${process.version}, ${availableParallelism()} CPUs shared by server and load generator`,
    `GET ${API}/slots?${LIST_QUERY}: autocannon, ${LIST_CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up`,
    `hold+confirm: ${PAIR_CONNECTIONS} concurrent pairs on keep-alive connections, ${SECONDS} s, one slot and one patient per pair`,
    `across ${CLINIC_COUNT} clinics: the same, on a fresh server, round-robin over /clinics/bench-01 … bench-${CLINIC_COUNT} (put through /admin/clinics, each listed once before)`,
    `server LOG_LEVEL=${LOG_LEVEL}: per-request info logging is off, as it would dominate the figures`,
    '',
    table(results),
    '',
  ].join('\n'),
);
for (const { target, figures } of results) {
  for (const line of figures.serverErrors.slice(0, 5)) process.stdout.write(`${target.name} server: ${line}\n`);
}
