import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateScan, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { byClinicId, type Clinic, type ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { fail, ok } from '../../domain/result.js';
import { type Clinics, type NumberTaken, numberTaken, type PutClinicOutcome } from '../../ports/clinics.js';
import { DynamoDbTable } from './dynamodb-table.js';
import type { Item } from './items.js';
import { reportingOutages } from './outage.js';
import { isVersionConflict } from './version-conflict.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const CLINIC = 'clinic#';
const clinicKey = (id: ClinicId) => `${CLINIC}${id}`;
const numberKey = (number: PhoneNumber) => `number#${number}`;

/** Puts of one clinic at once each read again after losing; more losses than this is not a race but a fault. */
const PUT_ATTEMPTS = 5;

interface Stored {
  clinic: Clinic;
  version: number;
}

/**
 * One table, keyed by `key`: a `clinic#<id>` item per clinic, its document as JSON with a version,
 * and a `number#<E.164>` item per number naming the clinic it reaches. A put is one
 * TransactWriteItems: the clinic, conditional on the version read; each number it adds, conditional
 * on no item for it; each number it drops, deleted (the clinic's version says they are still its
 * own). So no number reaches two clinics, whatever servers put at once, and a clinic's numbers never
 * disagree with the items that find it.
 */
export class DynamoDbClinics extends DynamoDbTable implements Clinics {
  constructor(client: DynamoDBClient, tablePrefix: string) {
    super(client, tablePrefix, 'clinics');
  }

  put(clinic: Clinic): Promise<PutClinicOutcome> {
    return reportingOutages(async () => {
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.putOver(clinic, await this.stored(clinic.id));
        if (outcome) return outcome;
        if (attempt === PUT_ATTEMPTS)
          throw new Error(`clinic ${clinic.id}: changed by others on each of ${PUT_ATTEMPTS} attempts to put it`);
      }
    });
  }

  get(id: ClinicId): Promise<Clinic | undefined> {
    return reportingOutages(async () => (await this.stored(id))?.clinic);
  }

  /** A scan: a deployment has a handful of clinics, not a number of them worth an index. */
  list(): Promise<Clinic[]> {
    return reportingOutages(async () => {
      const clinics: Clinic[] = [];
      for await (const page of paginateScan(
        { client: this.documents },
        {
          TableName: this.tableName,
          FilterExpression: 'begins_with(#key, :clinic)',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':clinic': CLINIC },
          ConsistentRead: true,
        },
      ))
        for (const item of page.Items ?? []) clinics.push(clinicOf(item));
      return clinics.sort(byClinicId);
    });
  }

  /** Two reads: a put between them may have taken the number off the clinic, which then is not the answer. */
  byNumber(number: PhoneNumber): Promise<Clinic | undefined> {
    return reportingOutages(async () => {
      const owner = await this.ownerOf(number);
      const clinic = owner && (await this.stored(owner))?.clinic;
      return clinic?.numbers.includes(number) ? clinic : undefined;
    });
  }

  /** The outcome, or undefined when another put got there first and this one must read again. */
  private async putOver(clinic: Clinic, stored: Stored | undefined): Promise<PutClinicOutcome | undefined> {
    const had = stored?.clinic.numbers ?? [];
    const items: TransactItem[] = [
      { Put: this.clinicPut(clinic, stored) },
      ...clinic.numbers
        .filter((number) => !had.includes(number))
        .map((number) => ({
          Put: {
            TableName: this.tableName,
            Item: { key: numberKey(number), clinicId: clinic.id },
            ConditionExpression: 'attribute_not_exists(#key)',
            ExpressionAttributeNames: { '#key': 'key' },
          },
        })),
      ...had
        .filter((number) => !clinic.numbers.includes(number))
        .map((number) => ({ Delete: { TableName: this.tableName, Key: { key: numberKey(number) } } })),
    ];
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
      return ok(stored ? 'replaced' : 'created');
    } catch (error) {
      if (!isVersionConflict(error)) throw error;
      const taken = await this.firstTaken(clinic);
      return taken && fail(taken);
    }
  }

  private clinicPut(clinic: Clinic, stored: Stored | undefined): NonNullable<TransactItem['Put']> {
    const item = { key: clinicKey(clinic.id), version: (stored?.version ?? 0) + 1, clinic: JSON.stringify(clinic) };
    return stored
      ? {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: '#version = :read',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':read': stored.version },
        }
      : {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': 'key' },
        };
  }

  /** The first of the clinic's numbers, in its order, that another clinic has. */
  private async firstTaken(clinic: Clinic): Promise<NumberTaken | undefined> {
    const owners = await Promise.all(clinic.numbers.map((number) => this.ownerOf(number)));
    const index = owners.findIndex((owner) => owner !== undefined && owner !== clinic.id);
    return index === -1 ? undefined : numberTaken(clinic.numbers[index]!, owners[index]!);
  }

  private async stored(id: ClinicId): Promise<Stored | undefined> {
    const { Item: item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { key: clinicKey(id) }, ConsistentRead: true }),
    );
    return item && { clinic: clinicOf(item), version: item.version };
  }

  private async ownerOf(number: PhoneNumber): Promise<ClinicId | undefined> {
    const { Item: item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { key: numberKey(number) }, ConsistentRead: true }),
    );
    return item?.clinicId;
  }
}

const clinicOf = (item: Item): Clinic => JSON.parse(item.clinic) as Clinic;
