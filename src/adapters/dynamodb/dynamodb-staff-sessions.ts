import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import { lastsAt, type StaffSession, type StaffSessions } from '../../ports/staff-sessions.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { EXPIRES_AT } from './dynamodb-tables.js';
import { reportingOutages } from './outage.js';

const sessionKey = (hash: string) => ({ pk: `session#${hash}`, sk: 'session' });
/** A clinic id has no `#`, so no clinic's staff partition can be read as another's. */
const staffKey = (clinicId: ClinicId, staffId: string, hash: string) => ({
  pk: `staff#${clinicId}#${staffId}`,
  sk: hash,
});
/**
 * DynamoDB's TTL attribute (`expiresAt`) takes epoch seconds; it is housekeeping only, as `find` checks
 * the times itself, so the session's own end is kept in milliseconds beside it, as `endsAt`.
 */
const ttlOf = (session: StaffSession) => ({ [EXPIRES_AT]: Math.ceil(session.expiresAt / 1000) });
const itemOf = ({ clinicId, staffId, role, csrfToken, expiresAt, idleUntil }: StaffSession) => ({
  clinicId,
  staffId,
  role,
  csrfToken,
  endsAt: expiresAt,
  idleUntil,
});

/**
 * One table, partition and sort key, two items a session, written together: the session under
 * `session#<hash>`, which a request's cookie finds, and its hash under its staff member's partition,
 * so signing them out everywhere is one strongly read Query (an index would be read eventually, and
 * could miss a session just begun).
 */
export class DynamoDbStaffSessions extends DynamoDbTable implements StaffSessions {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'staffSessions');
  }

  add(session: StaffSession, hash: string): Promise<void> {
    return reportingOutages(async () => {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: { TableName: this.tableName, Item: { ...sessionKey(hash), ...itemOf(session), ...ttlOf(session) } },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...staffKey(session.clinicId, session.staffId, hash), ...ttlOf(session) },
              },
            },
          ],
        }),
      );
    });
  }

  find(hash: string, now: number): Promise<StaffSession | undefined> {
    return reportingOutages(async () => {
      const { Item: item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: sessionKey(hash), ConsistentRead: true }),
      );
      if (!item) return undefined;
      const session: StaffSession = {
        clinicId: item.clinicId,
        staffId: item.staffId,
        role: item.role,
        csrfToken: item.csrfToken,
        expiresAt: item.endsAt,
        idleUntil: item.idleUntil,
      };
      return lastsAt(session, now) ? session : undefined;
    });
  }

  touch(hash: string, idleUntil: number): Promise<void> {
    return reportingOutages(async () => {
      try {
        await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: sessionKey(hash),
            UpdateExpression: 'SET idleUntil = :idleUntil',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':idleUntil': idleUntil },
          }),
        );
      } catch (error) {
        // Signed out meanwhile: it stays so.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
  }

  remove(hash: string): Promise<void> {
    return reportingOutages(async () => {
      const { Item: item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: sessionKey(hash), ConsistentRead: true }),
      );
      if (item) await this.removeBoth(item.clinicId, item.staffId, hash);
    });
  }

  removeAllOf(clinicId: ClinicId, staffId: string): Promise<void> {
    return reportingOutages(async () => {
      const pages = paginateQuery(
        { client: this.documents },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': staffKey(clinicId, staffId, '').pk },
          ConsistentRead: true,
        },
      );
      for await (const page of pages)
        await Promise.all((page.Items ?? []).map((item) => this.removeBoth(clinicId, staffId, item.sk)));
    });
  }

  private async removeBoth(clinicId: ClinicId, staffId: string, hash: string): Promise<void> {
    await this.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: sessionKey(hash) } },
          { Delete: { TableName: this.tableName, Key: staffKey(clinicId, staffId, hash) } },
        ],
      }),
    );
  }
}
