import { createDynamoDbClient } from './dynamodb-client.js';
import { createTables } from './dynamodb-tables.js';

/**
 * `node dist/src/adapters/dynamodb/create-tables-cli.js`: creates the tables, indexes and TTL the
 * DynamoDB store needs, under DYNAMODB_TABLE_PREFIX, at DYNAMODB_ENDPOINT (or wherever the SDK's own
 * settings point). Running it again changes nothing.
 */
const prefix = process.env.DYNAMODB_TABLE_PREFIX || 'clinic-';
const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;
const client = createDynamoDbClient(endpoint ? { endpoint } : {});
try {
  const names = await createTables(client, prefix);
  process.stdout.write(`DynamoDB tables ready: ${Object.values(names).join(', ')}\n`);
} catch (error) {
  process.stderr.write(
    `Creating the DynamoDB tables failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  client.destroy();
}
