import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadConfig } from '../config/load-config.js';
import { type RunningServer, startServer } from '../src/server.js';
import * as fuzz from '../test/support/fuzz-requests.js';
import { ALICE, BOB } from '../test/support/patients.js';
import { SnsSigner } from '../test/support/sns-signing.js';
import { silentLogger } from '../test/support/test-server.js';

/**
 * `npm run fuzz`: FUZZ_REQUESTS malformed requests (10,000), spread over every route, to a server, then
 * how it answered: statuses by route, and any answer that is a 5xx or a refusal out of the API's error
 * shape. Exits 1 when any answer is a 500. Not a test: the fuzz test (test/integration/fuzz.test.ts)
 * sends the same kinds of request, fewer, and checks the store besides.
 *
 * Without FUZZ_URL, the server runs in this process on the embedded defaults with memory storage, plus
 * a Twilio auth token and an SNS topic whose certificate is this script's, so that signed webhooks are
 * read, and an API token. With FUZZ_URL (and FUZZ_API_TOKEN when the server has one), FUZZ_TWILIO_AUTH_TOKEN and FUZZ_PUBLIC_BASE_URL sign
 * Twilio's webhooks as that server checks them; its SNS webhook, if any, refuses this script's signatures.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const DAY = 86_400_000;

const signer = new SnsSigner();
/** A server with a public URL refuses to start without an API token: the in-process one has this one. */
const API_TOKEN = process.env.FUZZ_API_TOKEN ?? (process.env.FUZZ_URL ? undefined : 'fuzz-api-token-0123456789');
let errorsLogged = 0;

async function inProcessServer(): Promise<RunningServer> {
  const config = loadConfig(
    {
      STORAGE: 'memory',
      PORT: '0',
      HOST: '127.0.0.1',
      TWILIO_AUTH_TOKEN: fuzz.FUZZ_TWILIO.authToken,
      PUBLIC_BASE_URL: fuzz.FUZZ_TWILIO.publicBaseUrl,
      SNS_TOPIC_ARN: fuzz.FUZZ_SNS.topicArn,
      API_TOKEN: API_TOKEN!,
    },
    PROJECT_ROOT,
  );
  return startServer(config, {
    logger: { ...silentLogger, error: () => errorsLogged++ },
    snsHttps: { fetchCertificate: async () => signer.certificatePem, confirmSubscription: async () => {} },
  });
}

async function call<T>(url: string, method: string, path: string, body?: unknown): Promise<Partial<T>> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(API_TOKEN ? { Authorization: `Bearer ${API_TOKEN}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await response.json()) as Partial<T>;
}

/** Free slots of the coming fortnight, two of them booked, for the requests to reach. */
async function records(url: string) {
  const [from, to] = [new Date(Date.now() + DAY), new Date(Date.now() + 14 * DAY)].map((d) => d.toISOString());
  const query = new URLSearchParams({ from: from!, to: to! });
  const { slots = [] } = await call<{ slots: { slotId: string }[] }>(url, 'GET', `/slots?${query}`);
  const slotIds = slots.slice(0, 8).map((slot) => slot.slotId);
  const appointmentIds: string[] = [];
  for (const [slotId, phoneNumber] of [
    [slotIds[0], ALICE],
    [slotIds[1], BOB],
  ]) {
    if (!slotId) continue;
    await call(url, 'POST', '/slots/hold', { slotId, phoneNumber });
    const confirmed = await call<{ appointmentId: string }>(url, 'POST', '/appointments/confirm', {
      slotId,
      phoneNumber,
    });
    const { appointmentId } = confirmed;
    if (appointmentId) appointmentIds.push(appointmentId);
  }
  return { slotIds: slotIds.length > 0 ? slotIds : ['2026-03-02T0900'], appointmentIds: [...appointmentIds, 'none'] };
}

const server = process.env.FUZZ_URL ? undefined : await inProcessServer();
const url = process.env.FUZZ_URL ?? server!.url;
const twilio = {
  authToken: process.env.FUZZ_TWILIO_AUTH_TOKEN ?? fuzz.FUZZ_TWILIO.authToken,
  publicBaseUrl: process.env.FUZZ_PUBLIC_BASE_URL ?? fuzz.FUZZ_TWILIO.publicBaseUrl,
};
const routes = fuzz.fuzzRoutes({ twilio, sns: { signer, ...fuzz.FUZZ_SNS }, ...(await records(url)) });
const requests = fc.sample(fc.oneof(...routes.values()), { numRuns: REQUESTS, seed: SEED });

const byRoute = new Map<string, Map<number, number>>();
const faults: string[] = [];
let failedToSend = 0;
const started = performance.now();
let next = 0;
async function worker() {
  while (next < requests.length) {
    const request = requests[next++]!;
    let answer: fuzz.FuzzAnswer;
    try {
      answer = await fuzz.send(url, request, API_TOKEN);
    } catch {
      failedToSend++;
      continue;
    }
    const statuses = byRoute.get(request.route) ?? new Map<number, number>();
    byRoute.set(request.route, statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1));
    const fault = fuzz.faultOf(request, answer);
    if (fault) faults.push(`${fault}\n${fuzz.shown(request).slice(0, 600)}`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - started) / 1000;
await server?.close();

const total = new Map<number, number>();
for (const statuses of byRoute.values())
  for (const [status, n] of statuses) total.set(status, (total.get(status) ?? 0) + n);
const codes = [...total.keys()].sort();
const where = server ? 'a server in this process (embedded defaults, memory storage)' : url;
console.log(
  `npm run fuzz: ${REQUESTS} requests to ${where}, seed ${SEED}, ${CONCURRENCY} at a time, ${seconds.toFixed(1)} s, Node ${process.version}`,
);
const width = Math.max(...[...byRoute.keys()].map((route) => route.length));
console.log(`${'route'.padEnd(width)}  ${codes.map((code) => String(code).padStart(5)).join(' ')}`);
for (const [route, statuses] of [...byRoute].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${route.padEnd(width)}  ${codes.map((code) => String(statuses.get(code) ?? '').padStart(5)).join(' ')}`);
}
console.log(`${'all routes'.padEnd(width)}  ${codes.map((code) => String(total.get(code)).padStart(5)).join(' ')}`);
const fiveHundreds = total.get(500) ?? 0;
console.log(
  `500s: ${fiveHundreds}; other faults: ${faults.length - fiveHundreds}; not answered: ${failedToSend}${server ? `; errors the server logged: ${errorsLogged}` : ''}`,
);
for (const fault of faults.slice(0, 10)) console.log(`\n${fault}`);
process.exitCode = fiveHundreds > 0 ? 1 : 0;
