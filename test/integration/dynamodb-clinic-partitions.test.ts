import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbConversationStore } from '../../src/adapters/dynamodb/dynamodb-conversation-store.js';
import { DynamoDbOptOuts } from '../../src/adapters/dynamodb/dynamodb-opt-outs.js';
import { DynamoDbStaffCallbacks } from '../../src/adapters/dynamodb/dynamodb-staff-callbacks.js';
import { createTables, type TableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { Notification } from '../../src/domain/notification.js';
import { aBookedSlot, anAppointment, aSlot } from '../support/booking-builders.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { ALICE } from '../support/patients.js';
import { MONDAY_9AM } from '../support/times.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

const RIVERSIDE = 'riverside' as ClinicId;

/** Everything one clinic keeps, over tables another clinic shares. */
function storesOf(client: DynamoDBClient, prefix: string, clinicId: ClinicId) {
  return {
    bookings: new DynamoDbBookingStore(client, prefix, clinicId),
    conversations: new DynamoDbConversationStore(client, prefix, clinicId),
    optOuts: new DynamoDbOptOuts(client, prefix, clinicId),
    callbacks: new DynamoDbStaffCallbacks(client, prefix, clinicId),
  };
}

const owed = (overrides: Partial<Notification> = {}): Notification => ({
  notificationId: 'ntf_1',
  appointmentId: 'apt_1',
  patient: ALICE,
  channel: 'sms',
  kind: 'BOOKED',
  body: 'Booked: Monday 2 March at 09:00.',
  dueAt: 1,
  status: 'PENDING',
  attempts: 0,
  version: 0,
  ...overrides,
});

let prefixes = 0;

// That two clinics' stores never meet is the contract suites' to show; this is how the tables hold a clinic.
describe("a clinic's DynamoDB stores over tables every clinic shares", () => {
  let client: DynamoDBClient;
  let tables: TableNames;
  let riverside: ReturnType<typeof storesOf>;

  beforeEach(async () => {
    client = createDynamoDbClient((await dynamoDbLocal()).clientConfig);
    const prefix = `partitions${process.pid}-${++prefixes}-`;
    tables = await createTables(client, prefix);
    riverside = storesOf(client, prefix, RIVERSIDE);
  });
  afterEach(async () => {
    await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  });

  /** Riverside's patient Alice is booked into slot 09:00, is owed a text, talks, opts out and waits for a call. */
  async function aliceAtRiverside() {
    const slot = aSlot({ version: 0 });
    await riverside.bookings.addMissingSlots([slot]);
    const booked = aBookedSlot(ALICE, 'apt_1');
    const appointment = anAppointment(booked, ALICE, { version: 0 });
    const committed = await riverside.bookings.commit([
      { kind: 'slot', record: booked },
      { kind: 'appointment', record: appointment },
      { kind: 'patientSlots', record: { patient: ALICE, slotIds: [booked.slotId], version: 0 } },
      { kind: 'notification', record: owed() },
    ]);
    expect(committed).to.deep.equal({ committed: true });
    await riverside.conversations.append(ALICE, [{ role: 'patient', text: 'Book me in' }], MONDAY_9AM);
    await riverside.optOuts.optOut(ALICE, MONDAY_9AM);
    await riverside.callbacks.request(ALICE, 'billing question', 'sms', MONDAY_9AM);
  }

  it("starts every key and index partition with the item's clinic, and names the clinic on every item", async () => {
    await aliceAtRiverside();
    const documents = DynamoDBDocumentClient.from(client);
    const keyed: Record<string, string[]> = {
      [tables.slots]: ['slotId', 'day'],
      [tables.appointments]: ['appointmentId', 'phoneNumber'],
      [tables.outbox]: ['notificationId', 'pending'],
      [tables.conversations]: ['patient'],
      [tables.staffCallbacks]: ['patient'],
      [tables.handoffs]: ['pk'],
    };
    for (const [tableName, attributes] of Object.entries(keyed)) {
      for await (const page of paginateScan({ client: documents }, { TableName: tableName })) {
        for (const item of page.Items ?? []) {
          expect(item.clinicId, tableName).to.equal(RIVERSIDE);
          for (const attribute of attributes.filter((name) => name in item))
            expect(item[attribute], `${tableName} ${attribute}`).to.match(/^riverside#/);
        }
      }
    }
  });

  it('leaves the client it was given open when it closes: other clinics share it', async () => {
    let destroyed = 0;
    const shared = Object.assign(createDynamoDbClient((await dynamoDbLocal()).clientConfig), {
      destroy: () => void destroyed++,
    });
    await Promise.all(Object.values(storesOf(shared, 'any-', RIVERSIDE)).map((store) => store.close()));
    expect(destroyed).to.equal(0);
  });
});
