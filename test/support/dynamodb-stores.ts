import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbConversationStore } from '../../src/adapters/dynamodb/dynamodb-conversation-store.js';
import { createTables, tableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import type { ConversationLimits } from '../../src/domain/conversation.js';
import type { DynamoDbLocal } from './dynamodb-local.js';

const dropTables = (admin: DynamoDBClient, prefix: string) =>
  Promise.all(Object.values(tableNames(prefix)).map((name) => admin.send(new DeleteTableCommand({ TableName: name }))));

/** Drops its tables on close, so hundreds of property runs do not pile up tables in DynamoDB Local. */
class DisposableDynamoDbStore extends DynamoDbBookingStore {
  constructor(
    private readonly admin: DynamoDBClient,
    private readonly prefix: string,
  ) {
    super(admin, prefix);
  }

  override async close(): Promise<void> {
    await dropTables(this.admin, this.prefix);
    await super.close();
  }
}

class DisposableDynamoDbConversationStore extends DynamoDbConversationStore {
  constructor(
    private readonly admin: DynamoDBClient,
    private readonly prefix: string,
    limits: ConversationLimits,
  ) {
    super(admin, prefix, limits);
  }

  override async close(): Promise<void> {
    await dropTables(this.admin, this.prefix);
    await super.close();
  }
}

let stores = 0;

const aFreshPrefix = () => `t${process.pid}-${++stores}-`;

/**
 * An empty store on tables of its own: a fresh prefix per call (with the process id, since other
 * processes may share the same DynamoDB Local). `client` lets a test wrap the SDK client first.
 */
export async function aDynamoDbStore(
  local: DynamoDbLocal,
  client = createDynamoDbClient(local.clientConfig),
): Promise<DynamoDbBookingStore> {
  const prefix = aFreshPrefix();
  await createTables(client, prefix);
  return new DisposableDynamoDbStore(client, prefix);
}

/** An empty conversation store on tables of its own, dropped when it closes. */
export async function aDynamoDbConversationStore(
  local: DynamoDbLocal,
  limits: ConversationLimits,
  client = createDynamoDbClient(local.clientConfig),
): Promise<DynamoDbConversationStore> {
  const prefix = aFreshPrefix();
  await createTables(client, prefix);
  return new DisposableDynamoDbConversationStore(client, prefix, limits);
}
