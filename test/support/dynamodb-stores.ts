import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createTables, tableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import type { DynamoDbLocal } from './dynamodb-local.js';

/** Drops its tables on close, so hundreds of property runs do not pile up tables in DynamoDB Local. */
class DisposableDynamoDbStore extends DynamoDbBookingStore {
  constructor(
    private readonly admin: DynamoDBClient,
    private readonly prefix: string,
  ) {
    super(admin, prefix);
  }

  override async close(): Promise<void> {
    const { slots, appointments } = tableNames(this.prefix);
    await Promise.all([slots, appointments].map((name) => this.admin.send(new DeleteTableCommand({ TableName: name }))));
    await super.close();
  }
}

let stores = 0;

/**
 * An empty store on tables of its own: a fresh prefix per call (with the process id, since other
 * processes may share the same DynamoDB Local). `client` lets a test wrap the SDK client first.
 */
export async function aDynamoDbStore(local: DynamoDbLocal, client = createDynamoDbClient(local.clientConfig)): Promise<DynamoDbBookingStore> {
  const prefix = `t${process.pid}-${++stores}-`;
  await createTables(client, prefix);
  return new DisposableDynamoDbStore(client, prefix);
}
