import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbClinicTokens } from '../../src/adapters/dynamodb/dynamodb-clinic-tokens.js';
import { DynamoDbClinics } from '../../src/adapters/dynamodb/dynamodb-clinics.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { InMemoryClinicTokens } from '../../src/adapters/memory/in-memory-clinic-tokens.js';
import { InMemoryClinics } from '../../src/adapters/memory/in-memory-clinics.js';
import { SqliteClinicTokens } from '../../src/adapters/sqlite/sqlite-clinic-tokens.js';
import { SqliteClinics } from '../../src/adapters/sqlite/sqlite-clinics.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { clinicTokensContract } from './clinic-tokens.contract.js';
import { clinicsContract } from './clinics.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-clinics-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();
let made = 0;

/** A new, empty file, or tables under a new prefix, for each test. */
const aFile = () => join(directory, `clinics-${made++}.sqlite`);
async function aPrefix() {
  const local = await dynamoDbLocal();
  const prefix = `clinics-${process.pid}-${made++}-`;
  const client = createDynamoDbClient(local.clientConfig);
  await createTables(client, prefix);
  client.destroy();
  return { prefix, client: () => createDynamoDbClient(local.clientConfig) };
}

clinicsContract('in-memory', async () => {
  const clinics = new InMemoryClinics();
  return [clinics, clinics];
});
clinicsContract('SQLite', async () => {
  const path = aFile();
  return [new SqliteClinics(path), new SqliteClinics(path)];
});
clinicsContract('DynamoDB Local', async () => {
  const { prefix, client } = await aPrefix();
  return [new DynamoDbClinics(client(), prefix), new DynamoDbClinics(client(), prefix)];
});

clinicTokensContract('in-memory', async () => new InMemoryClinicTokens());
clinicTokensContract('SQLite', async () => new SqliteClinicTokens(aFile()));
clinicTokensContract('DynamoDB Local', async () => {
  const { prefix, client } = await aPrefix();
  return new DynamoDbClinicTokens(client(), prefix);
});
