import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../domain/channel.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { byWaitingLongest, type Handoff, type StaffCallback } from '../../domain/staff-callback.js';
import { HANDOFFS_KEPT_DAYS, type StaffCallbacks } from '../../ports/staff-callbacks.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { EXPIRES_AT, STAFF_CALLBACKS_BY_CLINIC, tableNames } from './dynamodb-tables.js';
import { CLINIC_ID, inClinic, patientKey, staffCallbackFromItem } from './items.js';
import { reportingOutages } from './outage.js';

const KEPT_MS = HANDOFFS_KEPT_DAYS * 86_400_000;

/** An instant as text that sorts as the number does: every instant the stores take has at most 16 digits. */
const handoffKey = (instant: number) => String(instant).padStart(16, '0');

/**
 * One item per open request, keyed `<clinic>#<number>`, in a table of its own: a resolved request is
 * deleted, so the table holds only what staff still have to do. The clinic's list is a Query on its
 * partition of staff-callbacks-by-clinic: eventually consistent, so a request just made or resolved
 * may take a moment to show or go; resolving is decided on the item itself.
 *
 * Each hand-off is also one item of the hand-offs table, in the clinic's partition `<clinic>#handoffs`,
 * sorted by its instant (zero-padded, so text sorts as numbers) and a random suffix that keeps two at
 * one instant apart; TTL removes it after HANDOFFS_KEPT_DAYS.
 */
export class DynamoDbStaffCallbacks extends DynamoDbTable implements StaffCallbacks {
  private readonly handoffsTable: string;

  constructor(
    client: DynamoDBClient,
    tablePrefix: string,
    private readonly clinicId: ClinicId,
  ) {
    super(client, tablePrefix, 'staffCallbacks');
    this.handoffsTable = tableNames(tablePrefix).handoffs;
  }

  /**
   * The request first, then its hand-off, in two writes rather than one transaction: a failure
   * between them loses one hand-off from the charts while staff still have the patient to call,
   * and a transaction would cost twice the writes and make two hand-offs of one patient at once
   * conflict, where the single update counts both.
   */
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
      await this.documents.send(
        new PutCommand({
          TableName: this.handoffsTable,
          Item: {
            pk: inClinic(this.clinicId, 'handoffs'),
            sk: `${handoffKey(now)}#${randomUUID()}`,
            [CLINIC_ID]: this.clinicId,
            at: now,
            channel,
            [EXPIRES_AT]: Math.ceil((now + KEPT_MS) / 1000),
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

  handoffsBetween(from: number, to: number): Promise<Handoff[]> {
    return reportingOutages(async () => {
      const handoffs: Handoff[] = [];
      for await (const page of paginateQuery(
        { client: this.documents },
        {
          TableName: this.handoffsTable,
          ConsistentRead: true,
          // `to` alone sorts before every key at `to`, `from` alone before every key at `from`: [from, to).
          KeyConditionExpression: 'pk = :clinic AND sk BETWEEN :from AND :to',
          ProjectionExpression: '#at, channel',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: {
            ':clinic': inClinic(this.clinicId, 'handoffs'),
            ':from': handoffKey(from),
            ':to': handoffKey(to),
          },
        },
      )) {
        for (const item of page.Items ?? []) handoffs.push({ at: item.at, channel: item.channel });
      }
      return handoffs;
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
