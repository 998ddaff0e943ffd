import { mkdtemp, rm } from 'node:fs/promises';
import { nproc } from './machine.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startServerChild } from './server-child.js';

/**
 * The SMS webhook under load: Twilio-shaped form posts, each a new MessageSid from one of many
 * patients, answered by the offline receptionist on SQLite (conversation history read and written on
 * every message). The server runs in its own process; this one generates the load.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = 10;
const CONNECTIONS = 16;
/** A busy clinic's texts arrive a few a second; this is far above that, and well below saturation. */
const STEADY_RATE = 100;
const PATIENTS = 2_000;
const TARGET_P99_MS = 50;
// Patients' texts as they arrive: questions that make the receptionist read slots and history.
const TEXTS = ['anything tomorrow afternoon?', 'what do you have friday morning', 'hi', 'when is my appointment?', 'can I come monday at 10?', 'help me book next week'];

let sent = 0;
function nextForm(): string {
  const n = sent++;
  return new URLSearchParams({
    MessageSid: `SM${n.toString(16).padStart(32, '0')}`,
    From: `+1555${String(1_000_000 + (n % PATIENTS)).slice(-7)}`,
    To: '+15559990000',
    Body: TEXTS[n % TEXTS.length]!,
  }).toString();
}

const scratch = await mkdtemp(join(tmpdir(), 'bench-sms-'));
// Node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const serverNodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const server = await startServerChild(PROJECT_ROOT, { STORAGE: 'sqlite', SQLITE_PATH: join(scratch, 'bench.sqlite'), LOG_LEVEL: 'warn' }, serverNodeArgs);
try {
  const load = (overallRate?: number, duration = SECONDS) =>
    autocannon({
      url: `${server.url}/api/v1/sms/webhook`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      connections: CONNECTIONS,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, body: nextForm() }) }],
      ...(overallRate ? { overallRate } : {}),
    });
  // Unmeasured: the server's code is compiled and its SQLite file warm before anything counts.
  await load(undefined, 5);
  const steady = await load(STEADY_RATE);
  const saturated = await load();
  const { rssKiB, hwmKiB } = server.memory();
  console.log(`SMS webhook, offline receptionist on SQLite: ${CONNECTIONS} connections, ${SECONDS} s a phase, ${nproc()} cores, Node ${process.version}`);
  console.log('  phase                      req/s   p50 ms   p99 ms   non-2xx  errors');
  for (const [name, result] of [[`steady ${STEADY_RATE} req/s`, steady], ['as fast as it answers', saturated]] as const) {
    console.log(`  ${name.padEnd(25)} ${result.requests.mean.toFixed(0).padStart(6)} ${String(result.latency.p50).padStart(8)} ${String(result.latency.p99).padStart(8)} ${String(result.non2xx).padStart(9)} ${String(result.errors + result.timeouts).padStart(7)}`);
  }
  const p99 = steady.latency.p99;
  console.log(`  target p99 < ${TARGET_P99_MS} ms at the steady rate: ${p99 < TARGET_P99_MS ? 'PASS' : 'MISS'} (${p99} ms)`);
  console.log(`  server RSS ${(rssKiB / 1024).toFixed(0)} MiB (peak ${(hwmKiB / 1024).toFixed(0)} MiB)`);
  if (server.errorLines.length > 0) console.log(`  server errors: ${server.errorLines.length}, first: ${server.errorLines[0]}`);
} finally {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
}
