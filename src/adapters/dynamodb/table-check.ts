import { DescribeTableCommand, type DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { StoreUnavailable } from '../../ports/store-unavailable.js';
import { tableNames } from './dynamodb-tables.js';

/**
 * Describes every table the stores use, once, at start: a table missing (DynamoDB Local restarted
 * in memory, a new prefix) or an endpoint that does not answer is then one line naming it and the
 * command that fixes it, rather than the first request failing.
 */
export async function checkTables(client: DynamoDBClient, prefix: string, endpoint?: string): Promise<void> {
  const where = endpoint ?? 'the AWS region the SDK is configured for';
  for (const tableName of Object.values(tableNames(prefix))) {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        throw new StoreUnavailable(
          `DYNAMODB_TABLE_PREFIX: table ${tableName} does not exist at ${where}; create the tables with: npm run db:create (with the same DYNAMODB_ENDPOINT and DYNAMODB_TABLE_PREFIX)`,
        );
      }
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new StoreUnavailable(
        `DYNAMODB_ENDPOINT: DynamoDB at ${where} cannot be reached (${reason}); check DYNAMODB_ENDPOINT, or start DynamoDB Local with: npm run db:local`,
      );
    }
  }
}
