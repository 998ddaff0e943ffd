import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { nproc } from './machine.js';
import { pacedLoad } from './paced-load.js';
import { startServerChild } from './server-child.js';

/**
 * The SMS webhook under load: Twilio-shaped form posts, each a new MessageSid from one of many
 * patients, answered by the offline receptionist on SQLite (conversation history read and written on
 * every message). The server runs in its own process; this one generates the load.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = 10;
const CONNECTIONS = 16;
/** A busy clinic's texts arrive a few a second: 20/s is well above that, 100/s far above. */
const STEADY_RATES = [20, 50, 100];
const PATIENTS = 2_000;
const TARGET_P99_MS = 50;
// Patients' texts as they arrive: questions that make the receptionist read slots and history.
const TEXTS = [
  'anything tomorrow afternoon?',
  'what do you have friday morning',
  'hi',
  'when is my appointment?',
  'can I come monday at 10?',
  'help me book next week',
];

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
const server = await startServerChild(
  PROJECT_ROOT,
  // Unsigned, as the load generator posts them: this server listens on loopback only.
  // The per-patient message rate is off the measured path: each patient's texts come seconds apart
  // here, but a faster machine would send some past 20 a minute and time the refusal instead.
  {
    STORAGE: 'sqlite',
    SQLITE_PATH: join(scratch, 'bench.sqlite'),
    LOG_LEVEL: 'warn',
    TWILIO_WEBHOOKS: 'unsigned-local',
    MESSAGES_PER_PATIENT_PER_MINUTE: '10000',
  },
  { nodeArgs: serverNodeArgs },
);
try {
  const load = (duration = SECONDS) =>
    autocannon({
      url: `${server.url}/api/v1/sms/webhook`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      connections: CONNECTIONS,
      duration,
      requests: [{ setupRequest: (request) => ({ ...request, body: nextForm() }) }],
    });
  // Unmeasured: the server's code is compiled and its SQLite file warm before anything counts.
  await load(5);
  const steady = [];
  for (const rate of STEADY_RATES) {
    steady.push([
      rate,
      await pacedLoad(`${server.url}/api/v1/sms/webhook`, rate, SECONDS, {
        body: nextForm,
        contentType: 'application/x-www-form-urlencoded',
      }),
    ] as const);
  }
  const saturated = await load();
  const { rssKiB, hwmKiB } = server.memory();
  console.log(
    `SMS webhook, offline receptionist on SQLite: ${CONNECTIONS} connections, ${SECONDS} s a phase, ${nproc()} cores, Node ${process.version}`,
  );
  console.log('  phase                          req/s   p50 ms   p99 ms   failed');
  for (const [rate, result] of steady) {
    console.log(
      `  evenly paced, ${String(rate).padStart(3)} req/s       ${String(rate).padStart(6)} ${String(result.p50).padStart(8)} ${String(result.p99).padStart(8)} ${String(result.failed).padStart(8)}   p99 < ${TARGET_P99_MS} ms: ${result.p99 < TARGET_P99_MS ? 'PASS' : 'MISS'}`,
    );
  }
  const s = saturated;
  console.log(
    `  as fast as it answers (autocannon) ${s.requests.mean.toFixed(0).padStart(6)} ${String(s.latency.p50).padStart(8)} ${String(s.latency.p99).padStart(8)} ${String(s.non2xx + s.errors + s.timeouts).padStart(8)}`,
  );
  console.log(`  server RSS ${(rssKiB / 1024).toFixed(0)} MiB (peak ${(hwmKiB / 1024).toFixed(0)} MiB)`);
  if (server.errorLines.length > 0)
    console.log(`  server errors: ${server.errorLines.length}, first: ${server.errorLines[0]}`);
} finally {
  await server.stop();
  await rm(scratch, { recursive: true, force: true });
}
