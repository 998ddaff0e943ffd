import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbOptOuts } from '../../src/adapters/dynamodb/dynamodb-opt-outs.js';
import { InMemoryOptOuts } from '../../src/adapters/memory/in-memory-opt-outs.js';
import { SqliteOptOuts } from '../../src/adapters/sqlite/sqlite-opt-outs.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { useDynamoDbTables } from '../support/dynamodb-stores.js';
import { optOutsContract } from './opt-outs.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-opt-outs-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();

optOutsContract('in-memory', async () => new InMemoryOptOuts());
const shared = join(directory, 'opt-outs.sqlite');
optOutsContract('SQLite', async (clinicId) => new SqliteOptOuts(shared, clinicId));
const tables = useDynamoDbTables(dynamoDbLocal);
optOutsContract('DynamoDB Local', async (clinicId) => {
  const { client, prefix } = await tables();
  return new DynamoDbOptOuts(client, prefix, clinicId);
});
