import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../config/load-config.js';
import { createTables } from '../adapters/dynamodb/dynamodb-tables.js';
import { moveUnpartitionedItems } from '../adapters/dynamodb/unpartitioned-items.js';
import { dynamoDbClientFor } from '../container.js';

/**
 * `npm run db:create`: creates the tables, indexes and TTL the
 * DynamoDB store needs, under DYNAMODB_TABLE_PREFIX, at DYNAMODB_ENDPOINT (or wherever the SDK's own
 * settings point), and moves the items a release before clinics wrote to the clinic of CLINIC_CONFIG,
 * the one that deployment served (`default` unless its file names one). Running it again changes nothing.
 */
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, fileURLToPath(new URL('../../../', import.meta.url)));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(78);
}
const client = dynamoDbClientFor(config);
try {
  const names = await createTables(client, config.dynamodb.tablePrefix);
  const moved = await moveUnpartitionedItems(client, config.dynamodb.tablePrefix, config.clinic.id);
  if (moved > 0) process.stdout.write(`Moved ${moved} items written before clinics to clinic ${config.clinic.id}\n`);
  process.stdout.write(`DynamoDB tables ready: ${Object.values(names).join(', ')}\n`);
} catch (error) {
  process.stderr.write(
    `Creating the DynamoDB tables failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  client.destroy();
}
