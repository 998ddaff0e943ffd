import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type TableNames, tableNames } from './dynamodb-tables.js';

/**
 * What an adapter kept in one DynamoDB table holds: a document client and the table's name. It owns
 * `client` from construction on: `close` destroys it.
 */
export abstract class DynamoDbTable {
  protected readonly documents: DynamoDBDocumentClient;
  protected readonly tableName: string;

  protected constructor(
    private readonly client: DynamoDBClient,
    tablePrefix: string,
    table: keyof TableNames,
  ) {
    this.documents = DynamoDBDocumentClient.from(client);
    this.tableName = tableNames(tablePrefix)[table];
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
