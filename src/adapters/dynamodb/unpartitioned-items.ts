import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ClinicId } from '../../domain/clinic.js';
import { type TableNames, tableNames } from './dynamodb-tables.js';
import { CLINIC_ID, CLINIC_KEYED, type Item, inClinic } from './items.js';
import { mapBounded } from './map-bounded.js';
import { isVersionConflict } from './version-conflict.js';

const MOVES_IN_FLIGHT = 16;
/** A pass leaves behind items that changed while it read them; more passes than this is a writer still at work. */
const PASSES = 5;

/**
 * Moves the items a release before clinics wrote (they name no clinic) into `clinicId`, table by
 * table, and returns how many it moved. Each item is moved by one TransactWriteItems: its copy under
 * the clinic's keys, put only if absent, and the item itself, deleted only if unchanged since read.
 * So a run cut short leaves each item either where it was or moved, never both or neither, and
 * running it again moves the rest. An item changed meanwhile is read again by the next pass.
 */
export async function moveUnpartitionedItems(
  client: DynamoDBClient,
  tablePrefix: string,
  clinicId: ClinicId,
): Promise<number> {
  const documents = DynamoDBDocumentClient.from(client);
  const names = tableNames(tablePrefix);
  let moved = 0;
  for (const [table, attributes] of Object.entries(CLINIC_KEYED) as [keyof TableNames, readonly string[]][]) {
    for (let pass = 1; ; pass++) {
      const outcome = await movePass(documents, names[table], attributes, clinicId);
      moved += outcome.moved;
      if (outcome.leftBehind === 0) break;
      if (pass === PASSES)
        throw new Error(
          `table ${names[table]}: ${outcome.leftBehind} items written before clinics kept changing while being moved; stop the servers of the previous release and run this again`,
        );
    }
  }
  return moved;
}

async function movePass(
  documents: DynamoDBDocumentClient,
  tableName: string,
  attributes: readonly string[],
  clinicId: ClinicId,
): Promise<{ moved: number; leftBehind: number }> {
  let moved = 0;
  let leftBehind = 0;
  for await (const page of paginateScan(
    { client: documents },
    {
      TableName: tableName,
      FilterExpression: 'attribute_not_exists(#clinic)',
      ExpressionAttributeNames: { '#clinic': CLINIC_ID },
      ConsistentRead: true,
    },
  )) {
    const outcomes = await mapBounded(page.Items ?? [], MOVES_IN_FLIGHT, (item) =>
      move(documents, tableName, attributes, item, clinicId),
    );
    moved += outcomes.filter(Boolean).length;
    leftBehind += outcomes.filter((done) => !done).length;
  }
  return { moved, leftBehind };
}

/** True once moved; false when it changed or went since it was read. */
async function move(
  documents: DynamoDBDocumentClient,
  tableName: string,
  attributes: readonly string[],
  item: Item,
  clinicId: ClinicId,
): Promise<boolean> {
  const key = attributes[0]!;
  const copy: Item = { ...item, [CLINIC_ID]: clinicId };
  for (const attribute of attributes)
    if (typeof item[attribute] === 'string') copy[attribute] = inClinic(clinicId, item[attribute]);
  // Lists and maps change only with a scalar beside them (a version, a revision), so scalars tell.
  const scalars = Object.entries(item).filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value));
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: copy,
              ConditionExpression: 'attribute_not_exists(#key)',
              ExpressionAttributeNames: { '#key': key },
            },
          },
          {
            Delete: {
              TableName: tableName,
              Key: { [key]: item[key] },
              ConditionExpression: scalars.map((_, i) => `#a${i} = :v${i}`).join(' AND '),
              ExpressionAttributeNames: Object.fromEntries(scalars.map(([name], i) => [`#a${i}`, name])),
              ExpressionAttributeValues: Object.fromEntries(scalars.map(([, value], i) => [`:v${i}`, value])),
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isDuplicate(error))
      throw new Error(
        `table ${tableName}: ${item[key]} is there both as written before clinics and under clinic ${clinicId}; a server of the previous release may have written it after an upgrade. Keep the one to keep, delete the other, and run this again`,
      );
    if (isVersionConflict(error)) return false;
    throw error;
  }
}

/** The copy is there already while the item is still as read: not another run's move, two records. */
function isDuplicate(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const [copy, item] = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return copy === 'ConditionalCheckFailed' && item === 'None';
}
