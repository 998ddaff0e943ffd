import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { OptOuts } from '../../ports/opt-outs.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { CLINIC_ID, optOutKey } from './items.js';
import { reportingOutages } from './outage.js';

/**
 * Opt-outs live in the conversations table under their own key (`<clinic>#opt-out#+1…`), with no
 * TTL: a STOP holds until the patient sends START, however long that takes. A STOP to one clinic is
 * not a STOP to another: the patient may still want the other's reminders.
 */
export class DynamoDbOptOuts extends DynamoDbTable implements OptOuts {
  constructor(
    client: DynamoDBClient,
    tablePrefix: string,
    private readonly clinicId: ClinicId,
  ) {
    super(client, tablePrefix, 'conversations');
  }

  isOptedOut(patient: PhoneNumber): Promise<boolean> {
    return reportingOutages(async () => {
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: this.keyOf(patient), ConsistentRead: true }),
      );
      return Item !== undefined;
    });
  }

  optOut(patient: PhoneNumber, now: number): Promise<void> {
    return reportingOutages(async () => {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.keyOf(patient), [CLINIC_ID]: this.clinicId, optedOutAt: now },
        }),
      );
    });
  }

  optIn(patient: PhoneNumber): Promise<void> {
    return reportingOutages(async () => {
      await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: this.keyOf(patient) }));
    });
  }

  private keyOf(patient: PhoneNumber) {
    return { patient: optOutKey(this.clinicId, patient) };
  }
}
