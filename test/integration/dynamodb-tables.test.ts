import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { type DynamoDbLocal, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';

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
      clinics: `${prefix}clinics`,
      clinicTokens: `${prefix}clinic-tokens`,
    });
    expect(await keysOf(names.slots)).to.deep.equal({
      status: 'ACTIVE',
      key: ['slotId'],
      indexes: [{ name: 'slots-by-day', key: ['day', 'start'] }],
    });
    expect(await keysOf(names.appointments)).to.deep.equal({
      status: 'ACTIVE',
      key: ['appointmentId'],
      indexes: [{ name: 'appointments-by-patient', key: ['phoneNumber', 'start'] }],
    });
    expect(await keysOf(names.outbox)).to.deep.equal({
      status: 'ACTIVE',
      key: ['notificationId'],
      indexes: [{ name: 'pending-by-due', key: ['pending', 'dueAt'] }],
    });
    expect(await keysOf(names.staffCallbacks)).to.deep.equal({ status: 'ACTIVE', key: ['patient'], indexes: [] });
    expect(await keysOf(names.clinics)).to.deep.equal({ status: 'ACTIVE', key: ['key'], indexes: [] });
    expect(await keysOf(names.clinicTokens)).to.deep.equal({ status: 'ACTIVE', key: ['key'], indexes: [] });
    for (const tableName of [names.slots, names.conversations, names.outbox]) {
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

  it('refuses an existing table that lacks its index, naming both', async () => {
    const prefix = aPrefix();
    await client.send(
      new CreateTableCommand({
        TableName: `${prefix}slots`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'slotId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'slotId', KeyType: 'HASH' }],
      }),
    );
    let thrown: unknown;
    await createTables(client, prefix).catch((error: unknown) => (thrown = error));
    expect(String(thrown)).to.contain(`table ${prefix}slots exists without index slots-by-day`);
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
        `DynamoDB tables ready: ${prefix}slots, ${prefix}appointments, ${prefix}conversations, ${prefix}outbox, ${prefix}staff-callbacks, ${prefix}clinics, ${prefix}clinic-tokens\n`,
      );
    }
  });
});
