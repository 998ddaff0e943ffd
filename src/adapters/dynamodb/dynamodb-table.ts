import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type TableNames, tableNames } from './dynamodb-tables.js';

/**
 * What an adapter kept in one DynamoDB table holds: a document client and the table's name. `client`
 * stays its giver's: one client serves every clinic's stores in a process, so closing one store must
 * not close it under the others; whoever made it destroys it once they are all closed.
 */
export abstract class DynamoDbTable {
  protected readonly documents: DynamoDBDocumentClient;
  protected readonly tableName: string;

  protected constructor(client: DynamoDBClient, tablePrefix: string, table: keyof TableNames) {
    this.documents = DynamoDBDocumentClient.from(client);
    this.tableName = tableNames(tablePrefix)[table];
  }

  async close(): Promise<void> {}
}
