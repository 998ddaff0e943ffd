import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbStaffCallbacks } from '../../src/adapters/dynamodb/dynamodb-staff-callbacks.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { InMemoryStaffCallbacks } from '../../src/adapters/memory/in-memory-staff-callbacks.js';
import { SqliteStaffCallbacks } from '../../src/adapters/sqlite/sqlite-staff-callbacks.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { A_CLINIC } from '../support/dynamodb-stores.js';
import { staffCallbacksContract } from './staff-callbacks.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-staff-callbacks-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();
let made = 0;

staffCallbacksContract('in-memory', async () => new InMemoryStaffCallbacks());
staffCallbacksContract(
  'SQLite',
  async () => new SqliteStaffCallbacks(join(directory, `staff-callbacks-${made++}.sqlite`)),
);
staffCallbacksContract('DynamoDB Local', async () => {
  const local = await dynamoDbLocal();
  const client = createDynamoDbClient(local.clientConfig);
  const prefix = `callbacks-${process.pid}-${made++}-`;
  await createTables(client, prefix);
  return new DynamoDbStaffCallbacks(client, prefix, A_CLINIC);
});
