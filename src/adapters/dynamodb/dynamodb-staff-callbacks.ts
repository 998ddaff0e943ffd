import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../domain/channel.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { byWaitingLongest, type StaffCallback } from '../../domain/staff-callback.js';
import type { StaffCallbacks } from '../../ports/staff-callbacks.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { reportingOutages } from './outage.js';

/**
 * One item per open request, keyed by the patient's number, in a table of its own: a resolved request
 * is deleted, so the table holds only what staff still have to do, and listing it is a short scan.
 */
export class DynamoDbStaffCallbacks extends DynamoDbTable implements StaffCallbacks {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'staffCallbacks');
  }

  request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void> {
    return reportingOutages(async () => {
      // One update, so two servers asking at once for one patient both count.
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { patient },
          UpdateExpression:
            'SET reason = :reason, channel = :channel, lastRequestedAt = :now, firstRequestedAt = if_not_exists(firstRequestedAt, :now) ADD times :one',
          ExpressionAttributeValues: { ':reason': reason, ':channel': channel, ':now': now, ':one': 1 },
        }),
      );
    });
  }

  open(): Promise<StaffCallback[]> {
    return reportingOutages(async () => {
      const open: StaffCallback[] = [];
      for await (const page of paginateScan(
        { client: this.documents },
        { TableName: this.tableName, ConsistentRead: true },
      )) {
        for (const item of page.Items ?? []) open.push(item as StaffCallback);
      }
      return open.sort(byWaitingLongest);
    });
  }

  resolve(patient: PhoneNumber): Promise<boolean> {
    return reportingOutages(async () => {
      const { Attributes } = await this.documents.send(
        new DeleteCommand({ TableName: this.tableName, Key: { patient }, ReturnValues: 'ALL_OLD' }),
      );
      return Attributes !== undefined;
    });
  }
}
