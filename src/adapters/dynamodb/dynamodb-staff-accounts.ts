import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import { afterFailure, type SignInFailures, type StaffMember } from '../../domain/staff.js';
import type { StaffAccount, StaffAccounts } from '../../ports/staff-accounts.js';
import { DynamoDbTable } from './dynamodb-table.js';
import type { Item } from './items.js';
import { reportingOutages } from './outage.js';
import { isVersionConflict } from './version-conflict.js';

/** A clinic id has no `#`, so no clinic's partition can be read as another's. */
const accountKey = (clinicId: ClinicId, staffId: string) => ({ pk: `clinic#${clinicId}`, sk: `staff#${staffId}` });
const emailKey = (email: string) => ({ pk: `email#${email}`, sk: 'email' });
/** Failures at once on one account are few: each retry follows another's write, so this many is never reached but by a fault. */
const MAX_TRIES = 20;

const memberOf = (item: Item): StaffMember => ({
  staffId: item.staffId,
  clinicId: item.clinicId,
  name: item.name,
  email: item.email,
  role: item.role,
});

const accountOf = (item: Item): StaffAccount => ({
  ...memberOf(item),
  passwordHash: item.passwordHash,
  failures: item.failures,
  ...(item.lockedUntil === undefined ? {} : { lockedUntil: item.lockedUntil }),
});

/**
 * One table, partition and sort key, two items an account, written and deleted together: the
 * account under its clinic's partition (so a clinic's staff is one Query), and `email#<email>`, whose
 * `attribute_not_exists` condition keeps an email to one account across the deployment.
 */
export class DynamoDbStaffAccounts extends DynamoDbTable implements StaffAccounts {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'staffAccounts');
  }

  add(member: StaffMember, passwordHash: string): Promise<boolean> {
    return reportingOutages(async () => {
      const put = (Item: Item) => ({
        Put: { TableName: this.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
      });
      try {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              put({ ...accountKey(member.clinicId, member.staffId), ...member, passwordHash, failures: 0 }),
              put({ ...emailKey(member.email), clinicId: member.clinicId, staffId: member.staffId }),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isVersionConflict(error)) return false;
        throw error;
      }
    });
  }

  byEmail(email: string): Promise<StaffAccount | undefined> {
    return reportingOutages(async () => {
      const owner = await this.item(emailKey(email));
      const item = owner && (await this.item(accountKey(owner.clinicId, owner.staffId)));
      return item && accountOf(item);
    });
  }

  byId(clinicId: ClinicId, staffId: string): Promise<StaffAccount | undefined> {
    return reportingOutages(async () => {
      const item = await this.item(accountKey(clinicId, staffId));
      return item && accountOf(item);
    });
  }

  list(clinicId: ClinicId): Promise<StaffMember[]> {
    return reportingOutages(async () => {
      const members: StaffMember[] = [];
      const pages = paginateQuery(
        { client: this.documents },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :staff)',
          ExpressionAttributeValues: { ':pk': accountKey(clinicId, '').pk, ':staff': 'staff#' },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) members.push(...(page.Items ?? []).map(memberOf));
      return members.sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId));
    });
  }

  /** Read, let the domain count, write only over the count read: a failure counted meanwhile means again. */
  recordFailure(clinicId: ClinicId, staffId: string, now: number): Promise<SignInFailures | undefined> {
    return reportingOutages(async () => {
      for (let tries = 0; tries < MAX_TRIES; tries++) {
        const item = await this.item(accountKey(clinicId, staffId));
        if (!item) return undefined;
        const next = afterFailure(accountOf(item), now);
        const lock = next.lockedUntil === undefined ? {} : { ':lockedUntil': next.lockedUntil };
        try {
          await this.documents.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: accountKey(clinicId, staffId),
              UpdateExpression: `SET failures = :failures${next.lockedUntil === undefined ? '' : ', lockedUntil = :lockedUntil'}`,
              ConditionExpression: 'failures = :read',
              ExpressionAttributeValues: { ':failures': next.failures, ':read': item.failures, ...lock },
            }),
          );
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) continue;
          throw error;
        }
        return {
          failures: next.failures,
          ...((next.lockedUntil ?? item.lockedUntil) === undefined
            ? {}
            : { lockedUntil: next.lockedUntil ?? item.lockedUntil }),
        };
      }
      throw new Error(`staff ${staffId}: failed sign-in not counted after ${MAX_TRIES} tries`);
    });
  }

  clearFailures(clinicId: ClinicId, staffId: string): Promise<void> {
    return reportingOutages(async () => {
      try {
        await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: accountKey(clinicId, staffId),
            UpdateExpression: 'SET failures = :zero',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':zero': 0 },
          }),
        );
      } catch (error) {
        // Removed since it was signed in with: nothing to clear.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  remove(clinicId: ClinicId, staffId: string): Promise<boolean> {
    return reportingOutages(async () => {
      const key = accountKey(clinicId, staffId);
      const item = await this.item(key);
      if (!item) return false;
      try {
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: { TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' } },
              { Delete: { TableName: this.tableName, Key: emailKey(item.email) } },
            ],
          }),
        );
        return true;
      } catch (error) {
        // Removed by another request since it was read.
        if (isVersionConflict(error)) return false;
        throw error;
      }
    });
  }

  private async item(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { Item: item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return item;
  }
}
