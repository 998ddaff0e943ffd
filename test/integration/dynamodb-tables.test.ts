import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { type DynamoDbLocal, startDynamoDbLocal, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';

const dynamoDbLocal = useSharedDynamoDbLocal();
const CLI = fileURLToPath(new URL('../../src/cli/create-tables.js', import.meta.url));

let prefixes = 0;
const aPrefix = () => `tables${process.pid}-${++prefixes}-`;

describe('creating the DynamoDB tables', () => {
  let local: DynamoDbLocal;
  let client: DynamoDBClient;
  beforeEach(async () => {
    local = await dynamoDbLocal();
    client = createDynamoDbClient(local.clientConfig);
  });
  afterEach(() => client.destroy());

  const keysOf = async (tableName: string) => {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return {
      status: table!.TableStatus,
      key: table!.KeySchema!.map((k) => k.AttributeName),
      indexes: (table!.GlobalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName,
        key: index.KeySchema!.map((k) => k.AttributeName),
      })),
    };
  };

  const ttlOf = async (tableName: string) =>
    (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;

  it('creates all seven tables with their indexes and TTL, and changes nothing when run again', async () => {
    const prefix = aPrefix();
    const names = await createTables(client, prefix);
    expect(await createTables(client, prefix)).to.deep.equal(names);

    expect(names).to.deep.equal({
      slots: `${prefix}slots`,
      appointments: `${prefix}appointments`,
      conversations: `${prefix}conversations`,
      outbox: `${prefix}outbox`,
      staffCallbacks: `${prefix}staff-callbacks`,
      handoffs: `${prefix}handoffs`,
      clinics: `${prefix}clinics`,
      clinicTokens: `${prefix}clinic-tokens`,
      staffAccounts: `${prefix}staff-accounts`,
      staffSessions: `${prefix}staff-sessions`,
    });
    expect(await keysOf(names.slots)).to.deep.equal({
      status: 'ACTIVE',
      key: ['slotId'],
      indexes: [{ name: 'slots-by-day', key: ['day', 'start'] }],
    });
    expect(await keysOf(names.appointments)).to.deep.equal({
      status: 'ACTIVE',
      key: ['appointmentId'],
      indexes: [
        { name: 'appointments-by-patient', key: ['phoneNumber', 'start'] },
        { name: 'appointments-by-clinic', key: ['clinicId', 'start'] },
      ],
    });
    expect(await keysOf(names.outbox)).to.deep.equal({
      status: 'ACTIVE',
      key: ['notificationId'],
      indexes: [{ name: 'pending-by-due', key: ['pending', 'dueAt'] }],
    });
    expect(await keysOf(names.staffCallbacks)).to.deep.equal({
      status: 'ACTIVE',
      key: ['patient'],
      indexes: [{ name: 'staff-callbacks-by-clinic', key: ['clinicId'] }],
    });
    expect(await keysOf(names.clinics)).to.deep.equal({ status: 'ACTIVE', key: ['key'], indexes: [] });
    expect(await keysOf(names.clinicTokens)).to.deep.equal({ status: 'ACTIVE', key: ['key'], indexes: [] });
    for (const tableName of [names.staffAccounts, names.staffSessions, names.handoffs])
      expect(await keysOf(tableName), tableName).to.deep.equal({ status: 'ACTIVE', key: ['pk', 'sk'], indexes: [] });
    for (const tableName of [names.slots, names.conversations, names.outbox, names.handoffs, names.staffSessions]) {
      expect(await ttlOf(tableName), tableName).to.deep.equal({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: 'expiresAt',
      });
    }
  });

  it('adds a table a newer release needs to the tables an older one made', async () => {
    const prefix = aPrefix();
    const names = await createTables(client, prefix);
    await client.send(new DeleteTableCommand({ TableName: names.staffCallbacks }));

    await createTables(client, prefix);
    expect(await keysOf(names.staffCallbacks)).to.deep.include({ status: 'ACTIVE', key: ['patient'] });
  });

  // DynamoDB Local builds an index added to a table in the background, and holding the tables of a
  // whole run it leaves it CREATING for minutes: this case has an instance of its own.
  it('adds the indexes a newer release needs to a table an older one made, and keeps its items', async function () {
    this.timeout(90_000);
    const own = await startDynamoDbLocal();
    client.destroy();
    client = createDynamoDbClient(own.clientConfig);
    try {
      const prefix = aPrefix();
      await client.send(
        new CreateTableCommand({
          TableName: `${prefix}staff-callbacks`,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'patient', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'patient', KeyType: 'HASH' }],
        }),
      );
      const item = { patient: { S: '+15550000001' }, reason: { S: 'billing question' } };
      await client.send(new PutItemCommand({ TableName: `${prefix}staff-callbacks`, Item: item }));

      await createTables(client, prefix);
      expect(await keysOf(`${prefix}staff-callbacks`)).to.deep.equal({
        status: 'ACTIVE',
        key: ['patient'],
        indexes: [{ name: 'staff-callbacks-by-clinic', key: ['clinicId'] }],
      });
      const { Item: kept } = await client.send(
        new GetItemCommand({ TableName: `${prefix}staff-callbacks`, Key: { patient: item.patient } }),
      );
      expect(kept).to.deep.equal(item);
    } finally {
      await own.stop();
    }
  });

  it('runs from the command line, twice in a row, with the settings from the environment', async () => {
    const prefix = aPrefix();
    const env = {
      PATH: process.env.PATH ?? '',
      DYNAMODB_ENDPOINT: local.endpoint,
      DYNAMODB_TABLE_PREFIX: prefix,
      AWS_REGION: local.clientConfig.region,
      AWS_ACCESS_KEY_ID: local.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: local.clientConfig.credentials.secretAccessKey,
    };
    for (let run = 0; run < 2; run++) {
      const { stdout } = await promisify(execFile)(process.execPath, [CLI], { env });
      expect(stdout).to.equal(
        `DynamoDB tables ready: ${prefix}slots, ${prefix}appointments, ${prefix}conversations, ${prefix}outbox, ${prefix}staff-callbacks, ${prefix}handoffs, ${prefix}clinics, ${prefix}clinic-tokens, ${prefix}staff-accounts, ${prefix}staff-sessions\n`,
      );
    }
  });
});
