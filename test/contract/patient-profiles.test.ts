import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbPatientProfiles } from '../../src/adapters/dynamodb/dynamodb-patient-profiles.js';
import { InMemoryPatientProfiles } from '../../src/adapters/memory/in-memory-patient-profiles.js';
import { SqlitePatientProfiles } from '../../src/adapters/sqlite/sqlite-patient-profiles.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { useDynamoDbTables } from '../support/dynamodb-stores.js';
import { patientProfilesContract } from './patient-profiles.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-patient-profiles-'));
after(() => rmSync(directory, { recursive: true, force: true }));
const dynamoDbLocal = useSharedDynamoDbLocal();

patientProfilesContract('in-memory', async () => new InMemoryPatientProfiles());
const shared = join(directory, 'profiles.sqlite');
patientProfilesContract('SQLite', async (clinicId) => new SqlitePatientProfiles(shared, clinicId));
const tables = useDynamoDbTables(dynamoDbLocal);
patientProfilesContract('DynamoDB Local', async (clinicId) => {
  const { client, prefix } = await tables();
  return new DynamoDbPatientProfiles(client, prefix, clinicId);
});
