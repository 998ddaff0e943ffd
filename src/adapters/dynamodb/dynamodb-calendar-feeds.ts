import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarFeed, CalendarFeeds } from '../../ports/calendar-feeds.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { reportingOutages } from './outage.js';
import { isVersionConflict } from './version-conflict.js';

/** Neither a clinic id nor a provider id has a `#`, so no feed's key can be read as another's, nor as a token's. */
const feedKey = ({ clinicId, providerId }: CalendarFeed) => `calendar-feed#${clinicId}#${providerId}`;
const hashKey = (hash: string) => `calendar-feed-hash#${hash}`;
/** Rotations of one feed at the same moment: each retries over what the other wrote, and the last one stays. */
const MAX_ATTEMPTS = 5;

/**
 * In the clinic-tokens table, beside the tokens and kept the same way, so a deployment needs no new
 * table: two items a feed, written together. `calendar-feed-hash#<hash>` finds the feed a URL opens;
 * `calendar-feed#<clinic>#<provider>` holds its current hash, the one a rotation deletes, read
 * strongly. The rotation is conditional on that hash, so two at once never leave two secrets open.
 */
export class DynamoDbCalendarFeeds extends DynamoDbTable implements CalendarFeeds {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'clinicTokens');
  }

  rotate(feed: CalendarFeed, hash: string): Promise<void> {
    return reportingOutages(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.replace(feed, hash, (await this.item(feedKey(feed)))?.hash);
        } catch (error) {
          if (!isVersionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    });
  }

  find(hash: string): Promise<CalendarFeed | undefined> {
    return reportingOutages(async () => {
      const item = await this.item(hashKey(hash));
      return item && { clinicId: item.clinicId, providerId: item.providerId };
    });
  }

  private async replace(feed: CalendarFeed, hash: string, previous: string | undefined) {
    const names = { '#key': 'key' };
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { key: feedKey(feed), hash },
              ...(previous === undefined
                ? { ConditionExpression: 'attribute_not_exists(#key)', ExpressionAttributeNames: names }
                : {
                    ConditionExpression: '#hash = :previous',
                    ExpressionAttributeNames: { '#hash': 'hash' },
                    ExpressionAttributeValues: { ':previous': previous },
                  }),
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { key: hashKey(hash), clinicId: feed.clinicId, providerId: feed.providerId },
              ConditionExpression: 'attribute_not_exists(#key)',
              ExpressionAttributeNames: names,
            },
          },
          ...(previous === undefined
            ? []
            : [{ Delete: { TableName: this.tableName, Key: { key: hashKey(previous) } } }]),
        ],
      }),
    );
  }

  private async item(key: string) {
    const { Item: item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }),
    );
    return item;
  }
}
