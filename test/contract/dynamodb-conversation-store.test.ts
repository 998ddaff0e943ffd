import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbConversationStore } from '../../src/adapters/dynamodb/dynamodb-conversation-store.js';
import { createTables, tableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import type { ConversationLimits, ConversationTurn } from '../../src/domain/conversation.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { injectFault } from '../support/dynamodb-faults.js';
import { type DynamoDbLocal, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { A_CLINIC, useDynamoDbTables } from '../support/dynamodb-stores.js';
import { ALICE } from '../support/patients.js';
import { YEARS_AHEAD } from '../support/times.js';
import { conversationStoreContract } from './conversation-store.contract.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

const suiteTables = useDynamoDbTables(dynamoDbLocal);

conversationStoreContract('DynamoDB Local', async (clinicId, limits) => {
  const { client, prefix } = await suiteTables();
  return new DynamoDbConversationStore(client, prefix, clinicId, limits);
});

const MINUTE = 60_000;
const LIMITS: ConversationLimits = { maxTurns: 40, maxAgeMs: 60 * MINUTE };
const said = (text: string): ConversationTurn => ({ role: 'patient', text });

describe('DynamoDB conversation store, on its table', () => {
  let local: DynamoDbLocal;
  let admin: DynamoDBClient;
  let prefix: string;
  let tables = 0;
  const opened: DynamoDbConversationStore[] = [];
  const aStore = (limits = LIMITS, client = createDynamoDbClient(local.clientConfig)) => {
    const store = new DynamoDbConversationStore(client, prefix, A_CLINIC, limits);
    opened.push(store);
    return store;
  };
  const storedItem = async () => {
    const documents = DynamoDBDocumentClient.from(admin);
    return (
      await documents.send(
        new GetCommand({ TableName: tableNames(prefix).conversations, Key: { patient: `${A_CLINIC}#${ALICE}` } }),
      )
    ).Item!;
  };

  beforeEach(async () => {
    local = await dynamoDbLocal();
    admin = createDynamoDbClient(local.clientConfig);
    prefix = `conversations${process.pid}-${++tables}-`;
    await createTables(admin, prefix);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(
      Object.values(tableNames(prefix)).map((name) => admin.send(new DeleteTableCommand({ TableName: name }))),
    );
    admin.destroy();
  });

  it('is created by createTables, keyed by patient, with TTL on expiresAt', async () => {
    const { conversations } = tableNames(prefix);
    const { Table: table } = await admin.send(new DescribeTableCommand({ TableName: conversations }));
    expect(table!.KeySchema).to.deep.equal([{ AttributeName: 'patient', KeyType: 'HASH' }]);
    const { TimeToLiveDescription: ttl } = await admin.send(
      new DescribeTimeToLiveCommand({ TableName: conversations }),
    );
    expect(ttl).to.deep.equal({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('marks a conversation for TTL housekeeping maxAgeMs after its last append, in epoch seconds', async () => {
    const store = aStore();
    await store.append(ALICE, [said('Hello')], YEARS_AHEAD);
    await store.append(ALICE, [said('Still there?')], YEARS_AHEAD + 10 * MINUTE + 1);
    expect((await storedItem()).expiresAt).to.equal(Math.ceil((YEARS_AHEAD + 70 * MINUTE + 1) / 1000));
  });

  it('drops the oldest turns rather than outgrow the 400 KB item limit', async () => {
    const store = aStore();
    const big = (i: number) => said(`${i} ${'é'.repeat(45_000)}`);
    for (let i = 0; i < 8; i++) await store.append(ALICE, [big(i)], YEARS_AHEAD + i);
    expect(await store.recent(ALICE, YEARS_AHEAD + MINUTE), 'the four latest turns of 90 KB each').to.deep.equal(
      [4, 5, 6, 7].map(big),
    );
  });

  it('loses nothing when two servers append for one patient at once', async () => {
    const [first, second] = [aStore(), aStore()];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => [
        first.append(ALICE, [said(`first ${i}`)], YEARS_AHEAD),
        second.append(ALICE, [said(`second ${i}`)], YEARS_AHEAD),
      ]).flat(),
    );
    const texts = (await first.recent(ALICE, YEARS_AHEAD + MINUTE)).map((turn) => (turn as { text: string }).text);
    expect(texts.sort()).to.deep.equal(
      Array.from({ length: 10 }, (_, i) => [`first ${i}`, `second ${i}`])
        .flat()
        .sort(),
    );
  });

  it('appends once when its write landed but the response was lost and the SDK sent it again', async () => {
    const client = createDynamoDbClient(local.clientConfig);
    const connectionReset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const attempts = injectFault(client, 'PutItemCommand', (n) =>
      n === 0 ? { error: connectionReset, afterSending: true } : undefined,
    );
    const store = aStore(LIMITS, client);
    await store.append(ALICE, [said('Book me in')], YEARS_AHEAD);
    expect(await store.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([said('Book me in')]);
    expect(attempts(), 'puts sent').to.equal(2);
  });

  it('reports an unreachable DynamoDB as the store being unavailable', async () => {
    const store = aStore(
      LIMITS,
      createDynamoDbClient({ ...local.clientConfig, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
    );
    let thrown: unknown;
    await store.recent(ALICE, YEARS_AHEAD).catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(StoreUnavailableError);
  });
});
