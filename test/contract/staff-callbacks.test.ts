import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { DynamoDbStaffCallbacks } from '../../src/adapters/dynamodb/dynamodb-staff-callbacks.js';
import { tableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { InMemoryStaffCallbacks } from '../../src/adapters/memory/in-memory-staff-callbacks.js';
import { SqliteStaffCallbacks } from '../../src/adapters/sqlite/sqlite-staff-callbacks.js';
import { HANDOFFS_KEPT_DAYS } from '../../src/ports/staff-callbacks.js';
import { aNewClinicId } from '../support/clinic-builder.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { useDynamoDbTables } from '../support/dynamodb-stores.js';
import { ALICE, BOB } from '../support/patients.js';
import { YEARS_AHEAD } from '../support/times.js';
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

describe(`hand-offs kept for ${HANDOFFS_KEPT_DAYS} days`, () => {
  const KEPT_MS = HANDOFFS_KEPT_DAYS * 86_400_000;

  for (const [name, make] of [
    ['in-memory', async () => new InMemoryStaffCallbacks()],
    ['SQLite', async () => new SqliteStaffCallbacks(shared, aNewClinicId())],
  ] as const) {
    it(`${name}: a hand-off drops those older than that, and keeps those younger`, async () => {
      const callbacks = await make();
      try {
        await callbacks.request(ALICE, 'long ago', 'sms', YEARS_AHEAD);
        await callbacks.request(BOB, 'not so long ago', 'sms', YEARS_AHEAD + 1);
        await callbacks.request(ALICE, 'today', 'whatsapp', YEARS_AHEAD + KEPT_MS + 1);
        expect(await callbacks.handoffsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([
          { at: YEARS_AHEAD + 1, channel: 'sms' },
          { at: YEARS_AHEAD + KEPT_MS + 1, channel: 'whatsapp' },
        ]);
      } finally {
        await callbacks.close();
      }
    });
  }

  it('DynamoDB Local: each hand-off expires by TTL that long after it was made', async () => {
    const { client, prefix } = await tables();
    const clinicId = aNewClinicId();
    const callbacks = new DynamoDbStaffCallbacks(client, prefix, clinicId);
    await callbacks.request(ALICE, 'a question', 'sms', YEARS_AHEAD);
    const { Items: items } = await DynamoDBDocumentClient.from(client).send(
      new QueryCommand({
        TableName: tableNames(prefix).handoffs,
        KeyConditionExpression: 'pk = :handoffs',
        ExpressionAttributeValues: { ':handoffs': `${clinicId}#handoffs` },
      }),
    );
    expect(items).to.have.length(1);
    expect(items![0]).to.deep.include({ at: YEARS_AHEAD, expiresAt: Math.ceil((YEARS_AHEAD + KEPT_MS) / 1000) });
    expect(items![0]).to.not.have.any.keys('patient', 'phoneNumber', 'reason');
  });
});
