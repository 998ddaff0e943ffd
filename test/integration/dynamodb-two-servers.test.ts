import { Agent } from 'node:http';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { type DynamoDbLocal, dynamoDbEnvironment, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { FakeGeminiLive } from '../support/fake-gemini-live.js';
import { postJson } from '../support/http-post.js';
import { AUTH_TOKEN, PUBLIC_BASE_URL } from '../support/live-call-rig.js';
import { aCrowdOf, CALLER } from '../support/patients.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { ringVoiceWebhook, streamPathIn, TwilioMediaClient } from '../support/twilio-media-client.js';

const dynamoDbLocal = useSharedDynamoDbLocal();
const PATIENTS = aCrowdOf(50);

/** A server's settings for DynamoDB Local, on tables of their own named by `prefix`, made here. */
async function onTablesOf(local: DynamoDbLocal, prefix: string): Promise<Record<string, string>> {
  const client = createDynamoDbClient(local.clientConfig);
  await createTables(client, prefix);
  client.destroy();
  return dynamoDbEnvironment(local, prefix);
}

describe('two server processes sharing one DynamoDB', () => {
  const servers: ServerProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: PATIENTS.length });
  after(async () => {
    agent.destroy();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('give one slot to exactly one of 50 patients holding it at the same moment', async function () {
    this.timeout(120_000);
    const env = await onTablesOf(await dynamoDbLocal(), `two-servers-${process.pid}-`);
    // Both publish the same horizon at once on start: generation must stay idempotent.
    servers.push(
      ...(await Promise.all([
        startServerProcess({ ...env, LOG_LEVEL: 'info' }),
        startServerProcess({ ...env, LOG_LEVEL: 'info' }),
      ])),
    );
    const added = servers.map((server) => Number(/"added":(\d+)/.exec(server.output())![1]));

    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const listed = await (
      await fetch(`${servers[0]!.url}/api/v1/slots?${new URLSearchParams({ from, to, status: 'available' })}`)
    ).json();
    const slotId = listed.slots[0].slotId as string;
    let published = 0;
    const listedAt = Date.now();
    for (const days of [0, 31]) {
      const start = listedAt + days * 86_400_000;
      const range = { from: new Date(start).toISOString(), to: new Date(start + 31 * 86_400_000).toISOString() };
      published += (await (await fetch(`${servers[1]!.url}/api/v1/slots?${new URLSearchParams(range)}`)).json()).slots
        .length;
    }
    expect(added[0]! + added[1]!, 'slots inserted by both servers together').to.equal(published);

    const answers = await Promise.all(
      PATIENTS.map(async (phoneNumber, i) => ({
        phoneNumber,
        ...(await postJson(agent, `${servers[i % 2]!.url}/api/v1/slots/hold`, { slotId, phoneNumber })),
      })),
    );
    const winners = answers.filter((answer) => answer.status === 201);
    expect(winners).to.have.length(1);
    expect(
      answers.filter((answer) => answer.status === 409 && answer.body.error.code === 'SLOT_UNAVAILABLE'),
    ).to.have.length(49);

    const confirm = await postJson(agent, `${servers[1]!.url}/api/v1/appointments/confirm`, {
      slotId,
      phoneNumber: winners[0]!.phoneNumber,
    });
    expect(confirm.status).to.equal(201);
    const after = await (await fetch(`${servers[0]!.url}/api/v1/slots?${new URLSearchParams({ from, to })}`)).json();
    expect(after.slots.find((slot: { slotId: string }) => slot.slotId === slotId).status).to.equal('BOOKED');
  });
});

describe('a phone call across two server processes sharing one DynamoDB', () => {
  const servers: ServerProcess[] = [];
  let live: FakeGeminiLive;
  after(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await live?.close();
  });

  it('has its webhook answered by one server and its stream taken by the other, which books what both then show', async function () {
    this.timeout(120_000);
    live = await FakeGeminiLive.start({ apiKey: 'live-key' });
    const apiToken = 'two-servers-api-token';
    const env = {
      ...(await onTablesOf(await dynamoDbLocal(), `two-servers-call-${process.pid}-`)),
      // The one secret the servers share for calls: each derives the stream credential's key from it.
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      PUBLIC_BASE_URL,
      API_TOKEN: apiToken,
      GEMINI_API_KEY: 'live-key',
      GOOGLE_GEMINI_BASE_URL: live.url,
    };
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    const [answering, streaming] = servers as [ServerProcess, ServerProcess];
    const authorized = { headers: { Authorization: `Bearer ${apiToken}` } };
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const to = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const { slots } = await (
      await fetch(`${answering.url}/api/v1/slots?${new URLSearchParams({ from, to, status: 'available' })}`, authorized)
    ).json();
    const slotId = slots[0].slotId as string;

    const callSid = `CA${'c'.repeat(32)}`;
    const signing = { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL };
    const twiml = await ringVoiceWebhook(answering.url, signing, { callSid, caller: CALLER, to: CLINIC_NUMBER });
    const stream = await TwilioMediaClient.connect({
      serverUrl: streaming.url,
      ...signing,
      path: streamPathIn(twiml)!,
    });
    stream.start(callSid);
    const session = await live.connection(0);
    const responseTo = (id: string) =>
      session.waitFor(
        (received) => received.find((m) => m.toolResponse?.functionResponses?.some((r) => r.id === id)),
        `the response to ${id}`,
      );
    session.callTools([{ id: 'hold', name: 'hold_slot', args: { slotId } }]);
    expect(JSON.stringify(await responseTo('hold'))).to.not.include('"error"');
    session.callTools([{ id: 'confirm', name: 'confirm_appointment', args: { slotId } }]);
    expect(JSON.stringify(await responseTo('confirm'))).to.include('"status":"BOOKED"');
    stream.stop();
    await session.closed;

    for (const server of servers) {
      const { appointments } = await (
        await fetch(`${server.url}/api/v1/appointments?phoneNumber=${encodeURIComponent(CALLER)}`, authorized)
      ).json();
      expect(appointments.map((a: { slotId: string; status: string }) => [a.slotId, a.status])).to.deep.equal([
        [slotId, 'BOOKED'],
      ]);
    }
  });
});
