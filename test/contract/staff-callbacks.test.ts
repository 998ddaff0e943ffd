import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStaffCallbacks } from '../../src/adapters/dynamodb/dynamodb-staff-callbacks.js';
import { InMemoryStaffCallbacks } from '../../src/adapters/memory/in-memory-staff-callbacks.js';
import { SqliteStaffCallbacks } from '../../src/adapters/sqlite/sqlite-staff-callbacks.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { useDynamoDbTables } from '../support/dynamodb-stores.js';
import { staffCallbacksContract } from './staff-callbacks.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-staff-callbacks-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();

staffCallbacksContract('in-memory', async () => new InMemoryStaffCallbacks());
const shared = join(directory, 'staff-callbacks.sqlite');
staffCallbacksContract('SQLite', async (clinicId) => new SqliteStaffCallbacks(shared, clinicId));
const tables = useDynamoDbTables(dynamoDbLocal);
staffCallbacksContract('DynamoDB Local', async (clinicId) => {
  const { client, prefix } = await tables();
  return new DynamoDbStaffCallbacks(client, prefix, clinicId);
});
