import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import type { ClinicToken, ClinicTokens } from '../../ports/clinic-tokens.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { reportingOutages } from './outage.js';
import { isVersionConflict } from './version-conflict.js';

const hashKey = (hash: string) => `hash#${hash}`;
/** A clinic id has no `#`, so no clinic's key can be read as another's, whatever a token id holds. */
const tokenKey = (clinicId: ClinicId, tokenId: string) => `token#${clinicId}#${tokenId}`;

/**
 * One table, keyed by `key`, two items a token, written and deleted together: `hash#<hash>` finds
 * the token a request bears; `token#<clinic>#<token id>` finds the hash to revoke it by, read as
 * strongly as the first (an index would be read eventually, and could miss a token just issued).
 */
export class DynamoDbClinicTokens extends DynamoDbTable implements ClinicTokens {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'clinicTokens');
  }

  add(token: ClinicToken, hash: string): Promise<void> {
    return reportingOutages(async () => {
      const put = (Item: Record<string, string>) => ({
        Put: {
          TableName: this.tableName,
          Item,
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': 'key' },
        },
      });
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            put({ key: hashKey(hash), tokenId: token.tokenId, clinicId: token.clinicId }),
            put({ key: tokenKey(token.clinicId, token.tokenId), hash }),
          ],
        }),
      );
    });
  }

  find(hash: string): Promise<ClinicToken | undefined> {
    return reportingOutages(async () => {
      const item = await this.item(hashKey(hash));
      return item && { tokenId: item.tokenId, clinicId: item.clinicId };
    });
  }

  revoke(clinicId: ClinicId, tokenId: string): Promise<boolean> {
    return reportingOutages(async () => {
      const key = tokenKey(clinicId, tokenId);
      const item = await this.item(key);
      if (!item) return false;
      try {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: this.tableName,
                  Key: { key },
                  ConditionExpression: 'attribute_exists(#key)',
                  ExpressionAttributeNames: { '#key': 'key' },
                },
              },
              { Delete: { TableName: this.tableName, Key: { key: hashKey(item.hash) } } },
            ],
          }),
        );
        return true;
      } catch (error) {
        // Revoked by another request since it was read.
        if (isVersionConflict(error)) return false;
        throw error;
      }
    });
  }

  private async item(key: string) {
    const { Item: item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }),
    );
    return item;
  }
}
