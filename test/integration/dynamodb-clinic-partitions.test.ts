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
/** A clinic whose id is another's with more after it: a store that matched keys by prefix would mix them. */
const RIVERSIDE_EAST = 'riverside-east' as ClinicId;

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

describe('DynamoDB stores of two clinics over the same tables', () => {
  let client: DynamoDBClient;
  let tables: TableNames;
  let riverside: ReturnType<typeof storesOf>;
  let east: ReturnType<typeof storesOf>;

  beforeEach(async () => {
    client = createDynamoDbClient((await dynamoDbLocal()).clientConfig);
    const prefix = `partitions${process.pid}-${++prefixes}-`;
    tables = await createTables(client, prefix);
    riverside = storesOf(client, prefix, RIVERSIDE);
    east = storesOf(client, prefix, RIVERSIDE_EAST);
  });
  afterEach(async () => {
    await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  });

  /** Riverside's patient Alice holds slot 09:00, is booked into it, is owed a text, talks, opts out and waits for a call. */
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
    return { slot: booked, appointment };
  }

  it("shows a clinic none of another clinic's records, by id, by patient, by range or as due", async () => {
    const { slot, appointment } = await aliceAtRiverside();
    const { bookings, conversations, optOuts, callbacks } = east;

    expect(await bookings.slot(slot.slotId)).to.equal(undefined);
    expect(await bookings.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([]);
    expect(await bookings.appointment(appointment.appointmentId)).to.equal(undefined);
    expect(await bookings.appointmentsOf(ALICE)).to.deep.equal([]);
    expect(await bookings.appointmentsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([]);
    expect(await bookings.patientSlots(ALICE)).to.equal(undefined);
    expect(await bookings.notification('ntf_1')).to.equal(undefined);
    expect(await bookings.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).to.deep.equal([]);
    expect(await conversations.recent(ALICE, MONDAY_9AM)).to.deep.equal([]);
    expect(await optOuts.isOptedOut(ALICE)).to.equal(false);
    expect(await callbacks.open()).to.deep.equal([]);
    expect(await callbacks.resolve(ALICE)).to.equal(false);

    expect(await riverside.bookings.slot(slot.slotId), 'riverside still has its own').to.deep.include({
      status: 'BOOKED',
      version: 2,
    });
    expect(await riverside.bookings.appointmentsBetween(0, Number.MAX_SAFE_INTEGER)).to.have.length(1);
    expect(await riverside.callbacks.open()).to.have.length(1);
  });

  it('keeps the same ids in two clinics as two records, each changed only through its own clinic', async () => {
    await aliceAtRiverside();
    const slot = aSlot({ version: 0 });
    expect(await east.bookings.addMissingSlots([slot]), 'the same slot id is free at the other clinic').to.equal(1);
    const appointment = anAppointment(aBookedSlot(ALICE, 'apt_1'), ALICE, { version: 0 });
    expect(await east.bookings.commit([{ kind: 'appointment', record: appointment }])).to.deep.equal({
      committed: true,
    });
    expect(await east.bookings.commit([{ kind: 'notification', record: owed() }])).to.deep.equal({ committed: true });

    await east.callbacks.resolve(ALICE);
    await east.optOuts.optIn(ALICE);
    await east.conversations.forget(ALICE);
    expect(await riverside.callbacks.open()).to.have.length(1);
    expect(await riverside.optOuts.isOptedOut(ALICE)).to.equal(true);
    expect(await riverside.conversations.recent(ALICE, MONDAY_9AM)).to.have.length(1);
    expect(await east.bookings.slot(slot.slotId)).to.deep.include({ status: 'AVAILABLE', version: 1 });
    expect(await riverside.bookings.slot(slot.slotId)).to.deep.include({ status: 'BOOKED', version: 2 });
  });

  it("starts every key and index partition with the item's clinic, and names the clinic on every item", async () => {
    await aliceAtRiverside();
    const documents = DynamoDBDocumentClient.from(client);
    const keyed: Record<string, string[]> = {
      [tables.slots]: ['slotId', 'day'],
      [tables.appointments]: ['appointmentId', 'phoneNumber'],
      [tables.outbox]: ['notificationId', 'pending'],
      [tables.conversations]: ['patient'],
      [tables.staffCallbacks]: ['patient'],
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
    await Promise.all(Object.values(storesOf(shared, 'any-', RIVERSIDE_EAST)).map((store) => store.close()));
    expect(destroyed).to.equal(0);
  });
});
