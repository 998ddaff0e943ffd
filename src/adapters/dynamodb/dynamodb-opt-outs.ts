import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { OptOuts } from '../../ports/opt-outs.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { reportingOutages } from './outage.js';

/**
 * Opt-outs live in the conversations table under their own key (`opt-out#+1…`), with no TTL: a STOP
 * holds until the patient sends START, however long that takes.
 */
export class DynamoDbOptOuts extends DynamoDbTable implements OptOuts {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'conversations');
  }

  isOptedOut(patient: PhoneNumber): Promise<boolean> {
    return reportingOutages(async () => {
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { patient: key(patient) }, ConsistentRead: true }),
      );
      return Item !== undefined;
    });
  }

  optOut(patient: PhoneNumber, now: number): Promise<void> {
    return reportingOutages(async () => {
      await this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: { patient: key(patient), optedOutAt: now } }),
      );
    });
  }

  optIn(patient: PhoneNumber): Promise<void> {
    return reportingOutages(async () => {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { patient: key(patient) } }));
    });
  }
}

const key = (patient: PhoneNumber) => `opt-out#${patient}`;
