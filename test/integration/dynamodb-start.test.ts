import { once } from 'node:events';
import { createServer } from 'node:net';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { type DynamoDbLocal, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { failedStart, startServerProcess } from '../support/server-process.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

let prefixes = 0;
const aPrefix = () => `start${process.pid}-${++prefixes}-`;

describe('starting on DynamoDB', () => {
  let local: DynamoDbLocal;
  beforeEach(async () => {
    local = await dynamoDbLocal();
  });

  const envFor = (endpoint: string, prefix: string) => ({
    STORAGE: 'dynamodb',
    DYNAMODB_ENDPOINT: endpoint,
    DYNAMODB_TABLE_PREFIX: prefix,
    AWS_REGION: local.clientConfig.region,
    AWS_ACCESS_KEY_ID: local.clientConfig.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.clientConfig.credentials.secretAccessKey,
  });

  /** Exit 78 with the one line given, and no stack trace. */
  async function refusal(env: Record<string, string>): Promise<string> {
    const { code, output } = await failedStart(env);
    expect(code).to.equal(78);
    expect(output).to.not.match(/\n\s+at /);
    return output;
  }

  it('stops with the table missing and the command that creates it, when the tables are not there', async () => {
    const prefix = aPrefix();
    const output = await refusal(envFor(local.endpoint, prefix));
    expect(output).to.include(`table ${prefix}slots does not exist at ${local.endpoint}`);
    expect(output).to.include('npm run db:create');
  });

  it('stops naming the endpoint and how to start DynamoDB Local, when nothing answers there', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    await once(closed, 'close');
    const endpoint = `http://127.0.0.1:${port}`;
    const output = await refusal(envFor(endpoint, aPrefix()));
    expect(output).to.include(`DynamoDB at ${endpoint} cannot be reached`);
    expect(output).to.include('DYNAMODB_ENDPOINT');
    expect(output).to.include('npm run db:local');
  });

  it('starts once the tables are created', async () => {
    const prefix = aPrefix();
    const client = createDynamoDbClient(local.clientConfig);
    try {
      await createTables(client, prefix);
    } finally {
      client.destroy();
    }
    const server = await startServerProcess(envFor(local.endpoint, prefix));
    expect(await server.stop()).to.equal(0);
  });
});
