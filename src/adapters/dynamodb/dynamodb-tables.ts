import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

export interface TableNames {
  slots: string;
  appointments: string;
  conversations: string;
  outbox: string;
  staffCallbacks: string;
  handoffs: string;
  clinics: string;
  clinicTokens: string;
  staffAccounts: string;
  staffSessions: string;
}

export const tableNames = (prefix: string): TableNames => ({
  slots: `${prefix}slots`,
  appointments: `${prefix}appointments`,
  conversations: `${prefix}conversations`,
  outbox: `${prefix}outbox`,
  staffCallbacks: `${prefix}staff-callbacks`,
  handoffs: `${prefix}handoffs`,
  clinics: `${prefix}clinics`,
  clinicTokens: `${prefix}clinic-tokens`,
  staffAccounts: `${prefix}staff-accounts`,
  staffSessions: `${prefix}staff-sessions`,
});

export const SLOTS_BY_DAY = 'slots-by-day';
export const APPOINTMENTS_BY_PATIENT = 'appointments-by-patient';
/** A clinic's appointments by start: what the export reads, one clinic at a time. */
export const APPOINTMENTS_BY_CLINIC = 'appointments-by-clinic';
/** A clinic's open requests for a call back: what the front desk lists. */
export const STAFF_CALLBACKS_BY_CLINIC = 'staff-callbacks-by-clinic';
/** Sparse: only notifications carrying the `pending` attribute, that is PENDING ones, are in it. */
export const PENDING_BY_DUE = 'pending-by-due';
export const EXPIRES_AT = 'expiresAt';

const ACTIVE_WAIT_MS = 5 * 60_000;
const POLL_MS = 500;

function definitions(names: TableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.slots,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'slotId', AttributeType: 'S' },
        { AttributeName: 'day', AttributeType: 'S' },
        { AttributeName: 'start', AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: 'slotId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: SLOTS_BY_DAY,
          KeySchema: [
            { AttributeName: 'day', KeyType: 'HASH' },
            { AttributeName: 'start', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.appointments,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'appointmentId', AttributeType: 'S' },
        { AttributeName: 'phoneNumber', AttributeType: 'S' },
        { AttributeName: 'start', AttributeType: 'N' },
        { AttributeName: 'clinicId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'appointmentId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: APPOINTMENTS_BY_PATIENT,
          KeySchema: [
            { AttributeName: 'phoneNumber', KeyType: 'HASH' },
            { AttributeName: 'start', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: APPOINTMENTS_BY_CLINIC,
          KeySchema: [
            { AttributeName: 'clinicId', KeyType: 'HASH' },
            { AttributeName: 'start', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.conversations,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'patient', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'patient', KeyType: 'HASH' }],
    },
    {
      TableName: names.outbox,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'notificationId', AttributeType: 'S' },
        { AttributeName: 'pending', AttributeType: 'S' },
        { AttributeName: 'dueAt', AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: 'notificationId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: PENDING_BY_DUE,
          KeySchema: [
            { AttributeName: 'pending', KeyType: 'HASH' },
            { AttributeName: 'dueAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    {
      TableName: names.staffCallbacks,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'patient', AttributeType: 'S' },
        { AttributeName: 'clinicId', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'patient', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: STAFF_CALLBACKS_BY_CLINIC,
          KeySchema: [{ AttributeName: 'clinicId', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
    ...[names.clinics, names.clinicTokens].map(
      (tableName): CreateTableCommandInput => ({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      }),
    ),
    // Partition and sort key: a clinic's staff, a staff member's sessions, and a clinic's hand-offs
    // of a span are each one strongly read Query.
    ...[names.staffAccounts, names.staffSessions, names.handoffs].map(
      (tableName): CreateTableCommandInput => ({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    ),
  ];
}

/**
 * Creates the tables under `prefix`, waits until they and their indexes are ACTIVE and turns on TTL
 * for slots, conversations, the outbox, hand-offs and staff sessions. Safe to run again, or from two machines at once: what
 * exists is left as it is.
 */
export async function createTables(client: DynamoDBClient, prefix: string): Promise<TableNames> {
  const names = tableNames(prefix);
  await Promise.all(definitions(names).map((definition) => createIfMissing(client, definition)));
  await Promise.all(
    [names.slots, names.conversations, names.outbox, names.handoffs, names.staffSessions].map((tableName) =>
      enableTimeToLive(client, tableName),
    ),
  );
  return names;
}

async function createIfMissing(client: DynamoDBClient, definition: CreateTableCommandInput) {
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const table = await waitUntilActive(client, definition.TableName!);
  const existing = new Set(table.GlobalSecondaryIndexes?.map((index) => index.IndexName));
  // A table an older release made lacks the indexes added since: DynamoDB builds one at a time.
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName)) continue;
    const attributes = new Set(index.KeySchema!.map((key) => key.AttributeName));
    try {
      await client.send(
        new UpdateTableCommand({
          TableName: definition.TableName,
          AttributeDefinitions: definition.AttributeDefinitions!.filter((a) => attributes.has(a.AttributeName)),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    } catch (error) {
      // Another run creating it at the same moment is as good as this one.
      const { GlobalSecondaryIndexes: now = [] } = await waitUntilActive(client, definition.TableName!);
      if (!now.some((created) => created.IndexName === index.IndexName)) throw error;
    }
    await waitUntilActive(client, definition.TableName!);
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_WAIT_MS;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} is still ${table?.TableStatus} after ${ACTIVE_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** DynamoDB refuses to enable TTL twice, so look first. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string) {
  const { TimeToLiveDescription: current } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: EXPIRES_AT },
    }),
  );
}
