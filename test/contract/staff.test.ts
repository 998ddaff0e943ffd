import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbStaffAccounts } from '../../src/adapters/dynamodb/dynamodb-staff-accounts.js';
import { DynamoDbStaffSessions } from '../../src/adapters/dynamodb/dynamodb-staff-sessions.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { InMemoryStaffAccounts } from '../../src/adapters/memory/in-memory-staff-accounts.js';
import { InMemoryStaffSessions } from '../../src/adapters/memory/in-memory-staff-sessions.js';
import { SqliteStaffAccounts } from '../../src/adapters/sqlite/sqlite-staff-accounts.js';
import { SqliteStaffSessions } from '../../src/adapters/sqlite/sqlite-staff-sessions.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { staffAccountsContract } from './staff-accounts.contract.js';
import { staffSessionsContract } from './staff-sessions.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-staff-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();
let made = 0;

/** A new, empty file, or tables under a new prefix, for each test. */
const aFile = () => join(directory, `staff-${made++}.sqlite`);
async function aPrefix() {
  const local = await dynamoDbLocal();
  const prefix = `staff-${process.pid}-${made++}-`;
  const client = createDynamoDbClient(local.clientConfig);
  await createTables(client, prefix);
  client.destroy();
  return { prefix, client: () => createDynamoDbClient(local.clientConfig) };
}

staffAccountsContract('in-memory', async () => new InMemoryStaffAccounts());
staffAccountsContract('SQLite', async () => new SqliteStaffAccounts(aFile()));
staffAccountsContract('DynamoDB Local', async () => {
  const { prefix, client } = await aPrefix();
  return new DynamoDbStaffAccounts(client(), prefix);
});

staffSessionsContract('in-memory', async () => new InMemoryStaffSessions());
staffSessionsContract('SQLite', async () => new SqliteStaffSessions(aFile()));
staffSessionsContract('DynamoDB Local', async () => {
  const { prefix, client } = await aPrefix();
  return new DynamoDbStaffSessions(client(), prefix);
});
