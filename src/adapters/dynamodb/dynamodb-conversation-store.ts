import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import {
  type ConversationLimits,
  type ConversationTurn,
  conversationWindow,
  DEFAULT_CONVERSATION_LIMITS,
  type StampedTurn,
  stampedWindow,
} from '../../domain/conversation.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import { DynamoDbTable } from './dynamodb-table.js';
import { EXPIRES_AT } from './dynamodb-tables.js';
import { CLINIC_ID, type Item, patientKey } from './items.js';
import { reportingOutages } from './outage.js';

/**
 * DynamoDB refuses items over 400 KB, attribute names and key included. The window is held to what
 * fits with room to spare for the other attributes: when it would not fit, its oldest turns go first.
 */
const MAX_TURNS_BYTES = 400 * 1024 - 4 * 1024;

/** Each lost race is another append's win, so this outlasts that many appends racing for one patient. */
const MAX_ATTEMPTS = 32;

/**
 * One item per patient of the clinic, `{ patient: '<clinic>#<number>', clinicId, revision, turns, expiresAt }`, holding the bounded window as JSON
 * text (a DynamoDB map would not round-trip every key the model's raw content can carry). Reading is
 * one GetItem; an append reads the item and puts it back only if its revision is still the one read,
 * retrying on a lost race. The revision is random, not a counter: a counter would start again after
 * forget() or TTL, and an append that read before could match a later item. It also tells an append
 * whose response was lost, and whose SDK retry then failed its own condition, that its write landed.
 */
export class DynamoDbConversationStore extends DynamoDbTable implements ConversationStore {
  constructor(
    client: DynamoDBClient,
    tablePrefix: string,
    private readonly clinicId: ClinicId,
    private readonly limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS,
  ) {
    super(client, tablePrefix, 'conversations');
  }

  recent(patient: PhoneNumber, now: number): Promise<ConversationTurn[]> {
    return reportingOutages(async () => conversationWindow(turnsOf(await this.read(patient)), this.limits, now));
  }

  recentStamped(patient: PhoneNumber, now: number): Promise<StampedTurn[]> {
    return reportingOutages(async () => stampedWindow(turnsOf(await this.read(patient)), this.limits, now));
  }

  append(patient: PhoneNumber, turns: readonly ConversationTurn[], now: number): Promise<void> {
    return reportingOutages(async () => {
      let written: string | undefined;
      for (let attempt = 1; ; attempt++) {
        const item = await this.read(patient);
        if (written !== undefined && item?.revision === written) return;
        written = randomUUID();
        const kept = [...turnsOf(item), ...turns.map((turn) => ({ turn, at: now }))]
          .filter(({ at }) => at > now - this.limits.maxAgeMs)
          .slice(-this.limits.maxTurns);
        try {
          await this.documents.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                patient: patientKey(this.clinicId, patient),
                [CLINIC_ID]: this.clinicId,
                revision: written,
                turns: fitting(kept),
                [EXPIRES_AT]: Math.ceil((now + this.limits.maxAgeMs) / 1000),
              },
              ...(item
                ? { ConditionExpression: 'revision = :read', ExpressionAttributeValues: { ':read': item.revision } }
                : { ConditionExpression: 'attribute_not_exists(patient)' }),
            }),
          );
          return;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
          if (attempt === MAX_ATTEMPTS)
            throw new Error(`an append to a conversation lost ${MAX_ATTEMPTS} races in a row`, { cause: error });
        }
      }
    });
  }

  forget(patient: PhoneNumber): Promise<void> {
    return reportingOutages(async () => {
      await this.documents.send(
        new DeleteCommand({ TableName: this.tableName, Key: { patient: patientKey(this.clinicId, patient) } }),
      );
    });
  }

  private async read(patient: PhoneNumber): Promise<Item | undefined> {
    const { Item: item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { patient: patientKey(this.clinicId, patient) },
        ConsistentRead: true,
      }),
    );
    return item;
  }
}

const turnsOf = (item: Item | undefined): StampedTurn[] => (item ? (JSON.parse(item.turns) as StampedTurn[]) : []);

/** The latest turns whose JSON fits in an item. */
function fitting(turns: StampedTurn[]): string {
  for (let first = 0; ; first++) {
    const json = JSON.stringify(turns.slice(first));
    if (Buffer.byteLength(json) <= MAX_TURNS_BYTES) return json;
  }
}
