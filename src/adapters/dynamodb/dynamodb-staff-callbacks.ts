import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../domain/channel.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { byWaitingLongest, type StaffCallback } from '../../domain/staff-callback.js';
import type { StaffCallbacks } from '../../ports/staff-callbacks.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { STAFF_CALLBACKS_BY_CLINIC } from './dynamodb-tables.js';
import { CLINIC_ID, patientKey, staffCallbackFromItem } from './items.js';
import { reportingOutages } from './outage.js';

/**
 * One item per open request, keyed `<clinic>#<number>`, in a table of its own: a resolved request is
 * deleted, so the table holds only what staff still have to do. The clinic's list is a Query on its
 * partition of staff-callbacks-by-clinic: eventually consistent, so a request just made or resolved
 * may take a moment to show or go; resolving is decided on the item itself.
 */
export class DynamoDbStaffCallbacks extends DynamoDbTable implements StaffCallbacks {
  constructor(
    client: DynamoDBClient,
    tablePrefix: string,
    private readonly clinicId: ClinicId,
  ) {
    super(client, tablePrefix, 'staffCallbacks');
  }

  request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void> {
    return reportingOutages(async () => {
      // One update, so two servers asking at once for one patient both count.
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { patient: patientKey(this.clinicId, patient) },
          UpdateExpression:
            'SET #clinic = :clinic, reason = :reason, channel = :channel, lastRequestedAt = :now, firstRequestedAt = if_not_exists(firstRequestedAt, :now) ADD times :one',
          ExpressionAttributeNames: { '#clinic': CLINIC_ID },
          ExpressionAttributeValues: {
            ':clinic': this.clinicId,
            ':reason': reason,
            ':channel': channel,
            ':now': now,
            ':one': 1,
          },
        }),
      );
    });
  }

  open(): Promise<StaffCallback[]> {
    return reportingOutages(async () => {
      const open: StaffCallback[] = [];
      for await (const page of paginateQuery(
        { client: this.documents },
        {
          TableName: this.tableName,
          IndexName: STAFF_CALLBACKS_BY_CLINIC,
          KeyConditionExpression: '#clinic = :clinic',
          ExpressionAttributeNames: { '#clinic': CLINIC_ID },
          ExpressionAttributeValues: { ':clinic': this.clinicId },
        },
      )) {
        for (const item of page.Items ?? []) open.push(staffCallbackFromItem(this.clinicId, item));
      }
      return open.sort(byWaitingLongest);
    });
  }

  resolve(patient: PhoneNumber): Promise<boolean> {
    return reportingOutages(async () => {
      const { Attributes } = await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { patient: patientKey(this.clinicId, patient) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes !== undefined;
    });
  }
}
