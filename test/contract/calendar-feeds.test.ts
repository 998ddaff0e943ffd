import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbCalendarFeeds } from '../../src/adapters/dynamodb/dynamodb-calendar-feeds.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { InMemoryCalendarFeeds } from '../../src/adapters/memory/in-memory-calendar-feeds.js';
import { SqliteCalendarFeeds } from '../../src/adapters/sqlite/sqlite-calendar-feeds.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { calendarFeedsContract } from './calendar-feeds.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-calendar-feeds-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();
const prefix = `calendar-feeds-${process.pid}-`;
let client: DynamoDBClient | undefined;
let files = 0;

calendarFeedsContract('in-memory', async () => new InMemoryCalendarFeeds());
calendarFeedsContract('SQLite', async () => new SqliteCalendarFeeds(join(directory, `feeds-${files++}.sqlite`)));
describe('over DynamoDB Local', () => {
  // One set of tables for the suite: each test's feeds are of clinics new to it.
  before(async () => {
    client = createDynamoDbClient((await dynamoDbLocal()).clientConfig);
    await createTables(client, prefix);
  });
  after(() => client?.destroy());
  calendarFeedsContract('DynamoDB Local', async () => new DynamoDbCalendarFeeds(client!, prefix));
});
