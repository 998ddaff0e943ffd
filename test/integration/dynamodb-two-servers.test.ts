import { Agent } from 'node:http';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { postJson } from '../support/http-post.js';
import { aCrowdOf } from '../support/patients.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const dynamoDbLocal = useSharedDynamoDbLocal();
const PATIENTS = aCrowdOf(50);

describe('two server processes sharing one DynamoDB', () => {
  const servers: ServerProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: PATIENTS.length });
  after(async () => {
    agent.destroy();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('give one slot to exactly one of 50 patients holding it at the same moment', async function () {
    this.timeout(120_000);
    const local = await dynamoDbLocal();
    const prefix = `two-servers-${process.pid}-`;
    const client = createDynamoDbClient(local.clientConfig);
    await createTables(client, prefix);
    client.destroy();
    const env = {
      STORAGE: 'dynamodb',
      DYNAMODB_ENDPOINT: local.endpoint,
      DYNAMODB_TABLE_PREFIX: prefix,
      AWS_REGION: local.clientConfig.region,
      AWS_ACCESS_KEY_ID: local.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: local.clientConfig.credentials.secretAccessKey,
      LOG_LEVEL: 'warn',
    };
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
