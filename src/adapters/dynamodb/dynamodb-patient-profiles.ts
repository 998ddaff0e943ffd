import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { PatientProfile, PatientProfiles } from '../../ports/patient-profiles.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { CLINIC_ID, profileKey } from './items.js';
import { reportingOutages } from './outage.js';

/**
 * Profiles live in the conversations table under their own key (`<clinic>#profile#+1…`), with no
 * TTL: a patient's language outlasts any one conversation. Each field is set on its own, so two
 * updates of different fields at once both stay.
 */
export class DynamoDbPatientProfiles extends DynamoDbTable implements PatientProfiles {
  constructor(
    client: DynamoDBClient,
    tablePrefix: string,
    private readonly clinicId: ClinicId,
  ) {
    super(client, tablePrefix, 'conversations');
  }

  profileOf(patient: PhoneNumber): Promise<PatientProfile> {
    return reportingOutages(async () => {
      const { Item } = await this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: this.keyOf(patient), ConsistentRead: true }),
      );
      return {
        ...(typeof Item?.language === 'string' ? { language: Item.language } : {}),
        ...(typeof Item?.name === 'string' ? { name: Item.name } : {}),
        ...(typeof Item?.lastWhatsappMessageAt === 'number'
          ? { lastWhatsappMessageAt: Item.lastWhatsappMessageAt }
          : {}),
      };
    });
  }

  update(patient: PhoneNumber, changes: PatientProfile): Promise<void> {
    const fields = Object.entries({ [CLINIC_ID]: this.clinicId, ...changes }).filter(
      ([, value]) => value !== undefined,
    );
    return reportingOutages(async () => {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(patient),
          UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])),
        }),
      );
    });
  }

  private keyOf(patient: PhoneNumber) {
    return { patient: profileKey(this.clinicId, patient) };
  }
}
