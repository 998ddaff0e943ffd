import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { FakeGeminiLive } from '../support/fake-gemini-live.js';
import { AUTH_TOKEN, PUBLIC_BASE_URL } from '../support/live-call-rig.js';
import { aCrowdOf } from '../support/patients.js';
import { parsePrometheusText } from '../support/prometheus-text.js';
import { failedStart, type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ringVoiceWebhook, streamPathIn, TwilioMediaClient } from '../support/twilio-media-client.js';

const SIGNING = { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL };
const API_TOKEN = 'workers-test-api-token';
const AUTHORIZED = { Authorization: `Bearer ${API_TOKEN}` };

/** A GET on a connection of its own: the primary hands each new connection to the next worker. */
function getOnNewConnection(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: AUTHORIZED }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    }).on('error', reject);
  });
}

/** The log's lines (JSON) with this message. */
const linesOf = (server: ServerProcess, message: string) =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === message);

const workerPids = (primary: number) =>
  spawnSync('ps', ['-o', 'pid=', '--ppid', String(primary)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map(Number)
    .filter((pid) => pid > 0);

describe('a server of several workers (WORKERS=2)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-workers-'));
  let live: FakeGeminiLive;
  let server: ServerProcess;

  beforeEach(async () => {
    live = await FakeGeminiLive.start({ apiKey: 'live-key' });
    server = await startServerProcess({
      WORKERS: '2',
      STORAGE: 'sqlite',
      SQLITE_PATH: join(directory, `clinic-${Date.now()}.sqlite`),
      GEMINI_API_KEY: 'live-key',
      GOOGLE_GEMINI_BASE_URL: live.url,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      PUBLIC_BASE_URL,
      API_TOKEN,
    });
    // The test's own port is the primary's: it is listening once a worker is; both, before the test.
    await eventually(() => linesOf(server, 'listening').length === 2, 'both workers to listen', 30_000);
  });
  afterEach(async () => {
    await server?.stop();
    await live.close();
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('answers requests from both workers on one port, each log line naming its worker', async () => {
    for (let i = 0; i < 6; i++)
      expect((await getOnNewConnection(`${server.url}/api/v1/appointments`)).status).to.equal(400);
    // Each worker writes its own log lines: the last may reach the test a moment after its answer.
    await eventually(() => linesOf(server, 'request').length >= 6, 'a log line for each request');
    const answeredBy = linesOf(server, 'request').map((line) => line.worker);
    expect(answeredBy).to.have.length(6);
    expect(new Set(answeredBy)).to.deep.equal(new Set([1, 2]));
  });

  it('answers /metrics, whichever worker takes the scrape, with the counts of the whole machine', async () => {
    for (let i = 0; i < 6; i++) await getOnNewConnection(`${server.url}/api/v1/appointments`);
    const scrapes = [];
    for (let i = 0; i < 4; i++) scrapes.push(await getOnNewConnection(`${server.url}/metrics`));
    const answeredBy = new Set(
      linesOf(server, 'request')
        .filter((line) => line.path === '/metrics')
        .map((line) => line.worker),
    );
    expect(answeredBy).to.deep.equal(new Set([1, 2]));
    for (const { status, text } of scrapes) {
      expect(status).to.equal(200);
      const scrape = parsePrometheusText(text);
      const requests = { method: 'GET', route: '/api/v1/appointments', status: '400' };
      expect(scrape.value('receptionist_http_request_duration_seconds_count', requests)).to.equal(6);
      expect(scrape.value('receptionist_live_call_seats_max'), "both workers' seats").to.equal(300);
      expect(scrape.value('receptionist_outbox_due_notifications'), 'the store read once, not added up').to.equal(0);
    }
  });

  it('bridges calls whose webhook one worker answered and whose stream another took, each booking through the shared store', async () => {
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 15 * 86_400_000).toISOString();
    const { slots } = await (
      await fetch(`${server.url}/api/v1/slots?${new URLSearchParams({ from, to, status: 'available' })}`, {
        headers: AUTHORIZED,
      })
    ).json();
    const callers = aCrowdOf(4);
    for (const [i, caller] of callers.entries()) {
      const callSid = `CA${String(i).repeat(32)}`;
      const twiml = await ringVoiceWebhook(server.url, SIGNING, { callSid, caller, to: CLINIC_NUMBER });
      const client = await TwilioMediaClient.connect({ serverUrl: server.url, ...SIGNING, path: streamPathIn(twiml)! });
      client.start(callSid);
      const session = await live.connection(i);
      session.callTools([{ id: `hold-${i}`, name: 'hold_slot', args: { slotId: slots[i].slotId } }]);
      const answer = await session.waitFor((received) => received.find((m) => m.toolResponse), 'the tool response');
      expect(JSON.stringify(answer)).to.include(slots[i].slotId).and.not.include('"error"');
      client.stop();
      await session.closed;
    }

    const workerOf = (message: string) =>
      new Map(linesOf(server, message).map((line) => [line.callSid as string, line.worker as number]));
    const [webhooks, streams] = [workerOf('incoming call'), workerOf('voice tool call')];
    expect(new Set(streams.values()), 'the workers that took streams').to.deep.equal(new Set([1, 2]));
    expect(
      [...streams].filter(([callSid, worker]) => webhooks.get(callSid) !== worker),
      'calls whose stream another worker took than their webhook',
    ).to.not.be.empty;
    const held = await (
      await fetch(`${server.url}/api/v1/slots?${new URLSearchParams({ from, to })}`, { headers: AUTHORIZED })
    ).json();
    for (const { slotId } of slots.slice(0, callers.length))
      expect(held.slots.find((slot: { slotId: string }) => slot.slotId === slotId).status).to.equal('HELD');
  });

  it('starts another worker in the place of one that dies, and goes on answering', async () => {
    const [victim] = workerPids(server.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await eventually(() => linesOf(server, 'listening').length === 3, 'a third worker to listen', 30_000);
    expect(linesOf(server, 'worker died: starting another in its place')).to.have.length(1);
    expect(workerPids(server.child.pid!)).to.have.length(2).and.not.include(victim);
    for (let i = 0; i < 4; i++)
      expect((await getOnNewConnection(`${server.url}/api/v1/appointments`)).status).to.equal(400);
  });

  it('stops every worker on SIGTERM, each as a single server stops, and exits 0', async () => {
    const workers = workerPids(server.child.pid!);
    expect(await server.stop('SIGTERM')).to.equal(0);
    expect(linesOf(server, 'stopped').map((line) => line.worker)).to.have.members([1, 2]);
    expect(linesOf(server, 'workers stopped').map((line) => line.code)).to.deep.equal([0]);
    expect(workerPids(server.child.pid!)).to.be.empty;
    for (const pid of workers) expect(() => process.kill(pid, 0)).to.throw();
  });

  it('drains a call and exits 0 when every process of the group is sent SIGTERM, as some service managers do', async () => {
    const callSid = `CA${'d'.repeat(32)}`;
    const twiml = await ringVoiceWebhook(server.url, SIGNING, { callSid, caller: aCrowdOf(1)[0]!, to: CLINIC_NUMBER });
    const client = await TwilioMediaClient.connect({ serverUrl: server.url, ...SIGNING, path: streamPathIn(twiml)! });
    client.start(callSid);
    const session = await live.connection(0);
    // The workers first, then the primary, which sends each a SIGTERM of its own: the call's worker gets two.
    for (const pid of workerPids(server.child.pid!)) process.kill(pid, 'SIGTERM');
    const exited = server.stop('SIGTERM');
    await eventually(() => linesOf(server, 'stopping workers').length === 1, 'the primary to stop its workers');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.closed, 'the call goes on while it drains').to.equal(false);
    client.stop();
    await session.closed;
    expect(await exited).to.equal(0);
  });
});

describe('WORKERS', () => {
  it('refuses more than one worker with STORAGE=memory, where each would keep bookings of its own', async () => {
    const { code, output } = await failedStart({ WORKERS: '2', STORAGE: 'memory' });
    expect(code).to.equal(78);
    expect(output).to.include('WORKERS: expected 1 while STORAGE=memory');
  });

  it('has the primary exit as a single server would when a worker cannot start, stopping the others', async () => {
    // A folder where the file should be: no server can open it.
    const unopenable = { STORAGE: 'sqlite', SQLITE_PATH: tmpdir() };
    const single = await failedStart({ ...unopenable, WORKERS: '1' });
    const { code, output } = await failedStart({ ...unopenable, WORKERS: '2' });
    expect(single.code).to.not.equal(0);
    expect(code).to.equal(single.code);
    expect(output).to.include('worker failed to start: stopping the others');
  });
});
