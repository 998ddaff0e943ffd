import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbConversationStore } from '../../src/adapters/dynamodb/dynamodb-conversation-store.js';
import { createTables, tableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { ConversationLimits } from '../../src/domain/conversation.js';
import type { DynamoDbLocal } from './dynamodb-local.js';

const dropTables = (admin: DynamoDBClient, prefix: string) =>
  Promise.all(Object.values(tableNames(prefix)).map((name) => admin.send(new DeleteTableCommand({ TableName: name }))));

/** The clinic a test's store is for, when the test is not about clinics. */
export const A_CLINIC = 'riverside' as ClinicId;

/**
 * Drops its tables and destroys its client on close, so hundreds of property runs do not pile up
 * tables in DynamoDB Local.
 */
class DisposableDynamoDbStore extends DynamoDbBookingStore {
  constructor(
    private readonly admin: DynamoDBClient,
    private readonly prefix: string,
    clinicId: ClinicId,
  ) {
    super(admin, prefix, clinicId);
  }

  override async close(): Promise<void> {
    await dropTables(this.admin, this.prefix);
    await super.close();
    this.admin.destroy();
  }
}

class DisposableDynamoDbConversationStore extends DynamoDbConversationStore {
  constructor(
    private readonly admin: DynamoDBClient,
    private readonly prefix: string,
    limits: ConversationLimits,
  ) {
    super(admin, prefix, A_CLINIC, limits);
  }

  override async close(): Promise<void> {
    await dropTables(this.admin, this.prefix);
    await super.close();
    this.admin.destroy();
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
  clinicId = A_CLINIC,
): Promise<DynamoDbBookingStore> {
  const prefix = aFreshPrefix();
  await createTables(client, prefix);
  return new DisposableDynamoDbStore(client, prefix, clinicId);
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
