import { once } from 'node:events';
import { createServer } from 'node:net';
import {
  type CancellationReason,
  type DynamoDBClient,
  IdempotentParameterMismatchException,
  InternalServerError,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import type { Slot } from '../../src/domain/slot.js';
import type { StoreWrite } from '../../src/ports/booking-store.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { aSlot } from '../support/booking-builders.js';
import { injectFault } from '../support/dynamodb-faults.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { A_CLINIC, aDynamoDbStore } from '../support/dynamodb-stores.js';
import { ALICE } from '../support/patients.js';
import { rejectionOf } from '../support/rejection-of.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const cancelled = (...reasons: CancellationReason[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons,
  });

describe('the DynamoDB store when DynamoDB or the network misbehaves', () => {
  let client: DynamoDBClient;
  let store: DynamoDbBookingStore;
  let nine: Slot;
  const holdNine = (): StoreWrite[] => [
    { kind: 'slot', record: { ...nine, status: 'HELD', patient: ALICE, holdExpiresAt: nine.start } },
  ];

  /** A store whose endpoint is a port just closed: every connection is refused. */
  async function anUnreachableStore(): Promise<DynamoDbBookingStore> {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as { port: number };
    closed.close();
    const local = await dynamoDbLocal();
    return new DynamoDbBookingStore(
      createDynamoDbClient({ ...local.clientConfig, endpoint: `http://127.0.0.1:${port}` }),
      'none-',
      A_CLINIC,
    );
  }

  beforeEach(async () => {
    const local = await dynamoDbLocal();
    client = createDynamoDbClient(local.clientConfig);
    store = await aDynamoDbStore(local, client);
    await store.addMissingSlots([aSlot({ version: 0 })]);
    nine = (await store.slot(aSlot().slotId))!;
  });
  afterEach(async () => {
    await store.close();
  });

  it('answers a commit done, applied once, when its response was lost and the SDK sent it again', async () => {
    const attempts = injectFault(client, 'TransactWriteItemsCommand', (n) =>
      n === 0 ? { error: connectionReset(), afterSending: true } : undefined,
    );
    expect(await store.commit(holdNine())).to.deep.equal({ committed: true });
    expect(attempts()).to.equal(2);
    expect(await store.slot(nine.slotId)).to.include({ patient: ALICE, version: nine.version + 1 });
  });

  it('reports a version conflict when another transaction held an item of the commit', async () => {
    injectFault(client, 'TransactWriteItemsCommand', () => ({
      error: cancelled({ Code: 'TransactionConflict' }),
      afterSending: false,
    }));
    expect(await store.commit(holdNine())).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
    expect(await store.slot(nine.slotId)).to.deep.equal(nine);
  });

  it('reports a version conflict when DynamoDB refuses a request token it saw with other items', async () => {
    const mismatch = new IdempotentParameterMismatchException({
      message: 'token reused',
      $metadata: { httpStatusCode: 400 },
    });
    injectFault(client, 'TransactWriteItemsCommand', () => ({ error: mismatch, afterSending: false }));
    expect(await store.commit(holdNine(), { requestToken: 'confirm' })).to.deep.equal({
      committed: false,
      reason: 'VERSION_CONFLICT',
    });
  });

  it('throws when a transaction is cancelled for a reason other than a conflict', async () => {
    const tooLarge = cancelled({ Code: 'ValidationError', Message: 'Item size has exceeded the maximum allowed size' });
    injectFault(client, 'TransactWriteItemsCommand', () => ({ error: tooLarge, afterSending: false }));
    let thrown: unknown;
    await store.commit(holdNine()).catch((error: unknown) => (thrown = error));
    expect(thrown).to.equal(tooLarge);
  });

  it('lets the SDK retry a server error, then reports the store unavailable after the fifth attempt', async () => {
    const attempts = injectFault(client, 'GetItemCommand', () => ({
      error: new InternalServerError({ message: 'internal error', $metadata: { httpStatusCode: 500 } }),
      afterSending: false,
    }));
    let thrown: unknown;
    await store.slot(nine.slotId).catch((error: unknown) => (thrown = error));
    expect(thrown).to.be.instanceOf(StoreUnavailableError);
    expect((thrown as StoreUnavailableError).cause).to.be.instanceOf(InternalServerError);
    expect(attempts()).to.equal(5);
  });

  it('reports the store unavailable after five attempts when DynamoDB cannot be reached', async () => {
    const unreachable = await anUnreachableStore();
    let thrown: StoreUnavailableError | undefined;
    await unreachable.slot(nine.slotId).catch((error: StoreUnavailableError) => (thrown = error));
    await unreachable.close();
    expect(thrown).to.be.instanceOf(StoreUnavailableError);
    const cause = thrown!.cause as Error & { code?: string; $metadata?: { attempts?: number } };
    expect(cause).to.include({ code: 'ECONNREFUSED' });
    expect(cause.$metadata).to.include({ attempts: 5 });
  });

  it('is not ready when DynamoDB cannot be reached', async () => {
    const unreachable = await anUnreachableStore();
    const thrown = await rejectionOf(unreachable.ready());
    await unreachable.close();
    expect(thrown).to.be.instanceOf(StoreUnavailableError);
  });

  it('is not ready when its tables are missing', async () => {
    const missing = new DynamoDbBookingStore(
      createDynamoDbClient((await dynamoDbLocal()).clientConfig),
      'missing-',
      A_CLINIC,
    );
    const thrown = await rejectionOf(missing.ready());
    await missing.close();
    expect(thrown).to.be.instanceOf(StoreUnavailableError);
  });
});
