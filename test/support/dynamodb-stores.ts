import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables, tableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import type { ClinicId } from '../../src/domain/clinic.js';
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

/**
 * One set of tables for a contract suite, made when a test first asks: each test works in a clinic
 * new to them, so its stores start empty, and a property run costs no table of its own. DynamoDB
 * Local keeps them in memory until the run ends.
 */
export function useDynamoDbTables(
  dynamoDbLocal: () => Promise<DynamoDbLocal>,
): () => Promise<{ client: DynamoDBClient; prefix: string }> {
  let tables: Promise<{ client: DynamoDBClient; prefix: string }> | undefined;
  const make = async () => {
    const client = createDynamoDbClient((await dynamoDbLocal()).clientConfig);
    const prefix = aFreshPrefix();
    await createTables(client, prefix);
    return { client, prefix };
  };
  return () => (tables ??= make());
}
