import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type CpuSplit, measureCpu } from './cpu-meter.js';
import { nproc } from './machine.js';
import { startServerChild } from './server-child.js';

/**
 * `npm run bench:slots`: GET /api/v1/slots for a day of the sample clinic (config/clinic.json) on the
 * real server (SQLite, its own process), beside bare Koa in another process answering the same JSON
 * body, measured in the same run: the ratio of the two is what the server's own path costs, and holds
 * up on a shared machine better than either figure alone. Each is measured `ROUNDS` times, alternating.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLINIC_CONFIG = 'config/clinic.json';
const HOST = '127.0.0.1';
const CONNECTIONS = 50;
const SECONDS = 10;
const WARMUP_SECONDS = 2;
const ROUNDS = 2;
// The target: at least half of bare Koa's rate.
const TARGET_RATIO = 0.5;
const DAY = 86_400_000;
// Node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const SERVER_NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

const { timeZone } = JSON.parse(readFileSync(join(PROJECT_ROOT, CLINIC_CONFIG), 'utf8')) as { timeZone: string };
const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(Date.now());
// A full clinic day a few days out, as bench:booking lists.
const QUERY = `date=${new Date(Date.parse(today) + 3 * DAY).toISOString().slice(0, 10)}`;
const PATH = `/api/v1/slots?${QUERY}`;

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, HOST);
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startBareKoa(body: unknown) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/bench/bare-koa-child.js'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', HOST, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.send(body as object);
  await once(child, 'message');
  return {
    url: `http://${HOST}:${port}`,
    pid: child.pid!,
    async stop() {
      process.off('exit', killOnExit);
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

interface Run {
  result: autocannon.Result;
  cpu: CpuSplit;
}

const load = (url: string, pid: number): Promise<Run> =>
  measureCpu(pid, () =>
    autocannon({
      url: `${url}${PATH}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    }),
  ).then(([result, cpu]) => ({ result, cpu }));

/**
 * The measured server's CPU time per request answered: on a machine shared with other work, a server
 * starved of CPU answers fewer requests but spends no more on each, so this ratio is the steadier one.
 */
const cpuPerRequest = ({ result, cpu }: Run) => (cpu.server * 1e6) / result.requests.mean;

const n = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load1 = () => n(loadavg()[0]!, 2);

const scratch = await mkdtemp(join(tmpdir(), 'bench-slots-'));
const loadAtStart = load1();
try {
  const server = await startServerChild(
    PROJECT_ROOT,
    {
      STORAGE: 'sqlite',
      SQLITE_PATH: join(scratch, 'bench.sqlite'),
      CLINIC_CONFIG,
      // One log line per request would measure pino, and the outbox's sending is not listing.
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '0',
    },
    { nodeArgs: SERVER_NODE_ARGS },
  );
  const response = await fetch(`${server.url}${PATH}`);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${PATH} answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { slots: unknown[] };
  const koa = await startBareKoa(body);
  const rows: string[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const floor = await load(koa.url, koa.pid);
      const ours = await load(server.url, server.pid);
      const ratio = ours.result.requests.mean / floor.result.requests.mean;
      const cpuRatio = cpuPerRequest(floor) / cpuPerRequest(ours);
      const cell = (run: Run) =>
        `${n(run.result.requests.mean)} req/s, p50 / p99 ${run.result.latency.p50} / ${run.result.latency.p99} ms, ${n(cpuPerRequest(run))} µs CPU a request, non-2xx ${run.result.non2xx}, errors ${run.result.errors}, cores ${n(run.cpu.server, 2)} / ${n(run.cpu.loadGenerator, 2)} / ${n(run.cpu.other, 2)}`;
      rows.push(
        `| ${round} | ${cell(floor)} | ${cell(ours)} | **${n(ratio, 2)}** ${ratio >= TARGET_RATIO ? 'PASS' : 'MISS'} | ${n(cpuRatio, 2)} |`,
      );
    }
  } finally {
    await koa.stop();
    await server.stop();
  }
  console.log(
    [
      `npm run bench:slots: GET ${PATH} (${body.slots.length} slots, ${n(Buffer.byteLength(text) / 1024, 1)} KiB), autocannon ${CONNECTIONS} connections, ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up; ${nproc()} cores, Node ${process.version}`,
      `server: dist/src/main.js on SQLite, LOG_LEVEL=warn, OUTBOX_POLL_MS=0; floor: bare Koa (dist/bench/bare-koa-child.js) answering the same body; cores: the measured server / load generator / other`,
      `load average (1 min) at start ${loadAtStart}, at end ${load1()}`,
      '',
      `| round | bare Koa | server | req/s, server / bare Koa (target >= ${TARGET_RATIO}) | CPU a request, bare Koa / server |`,
      '| --- | --- | --- | --- | --- |',
      ...rows,
      ...(server.errorLines.length
        ? ['', `server error log lines: ${server.errorLines.length}`, ...server.errorLines.slice(0, 5)]
        : []),
    ].join('\n'),
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}
