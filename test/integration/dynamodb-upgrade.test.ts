import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { DynamoDbBookingStore } from '../../src/adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { DynamoDbConversationStore } from '../../src/adapters/dynamodb/dynamodb-conversation-store.js';
import { DynamoDbOptOuts } from '../../src/adapters/dynamodb/dynamodb-opt-outs.js';
import { DynamoDbStaffCallbacks } from '../../src/adapters/dynamodb/dynamodb-staff-callbacks.js';
import { createTables, type TableNames } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { moveUnpartitionedItems } from '../../src/adapters/dynamodb/unpartitioned-items.js';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { Notification } from '../../src/domain/notification.js';
import type { SlotId } from '../../src/domain/slot.js';
import { aBookedSlot, anAppointment } from '../support/booking-builders.js';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { ALICE, BOB } from '../support/patients.js';
import { rejectionOf } from '../support/rejection-of.js';
import { MONDAY_9AM } from '../support/times.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

const DEFAULT = 'default' as ClinicId;
const RIVERSIDE = 'riverside' as ClinicId;
const DAY = '2026-03-02';
const EVERYTHING = [0, Number.MAX_SAFE_INTEGER] as const;

const slot = aBookedSlot(ALICE, 'apt_1');
const appointment = anAppointment(slot, ALICE);
const pending: Notification = {
  notificationId: 'ntf_pending',
  appointmentId: 'apt_1',
  patient: ALICE,
  channel: 'sms',
  kind: 'REMINDER',
  body: 'Reminder: Monday 2 March at 09:00.',
  dueAt: 1,
  status: 'PENDING',
  attempts: 0,
  version: 1,
};
const sent: Notification = { ...pending, notificationId: 'ntf_sent', kind: 'BOOKED', status: 'SENT', sentAt: 2 };
const turn = { role: 'patient', text: 'Book me in' } as const;
const callback = {
  patient: BOB,
  reason: 'billing question',
  channel: 'sms',
  firstRequestedAt: MONDAY_9AM,
  lastRequestedAt: MONDAY_9AM,
  times: 1,
};

let prefixes = 0;

describe('upgrading DynamoDB tables written before clinics', () => {
  let client: DynamoDBClient;
  let tables: TableNames;
  let prefix: string;

  beforeEach(async () => {
    client = createDynamoDbClient((await dynamoDbLocal()).clientConfig);
    prefix = `upgrade${process.pid}-${++prefixes}-`;
    tables = await createTables(client, prefix);
  });
  afterEach(async () => {
    await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  });

  /** Every kind of item, in the shape the previous release wrote it. */
  async function writePreviousRelease() {
    const documents = DynamoDBDocumentClient.from(client);
    const put = (TableName: string, Item: Record<string, unknown>) =>
      documents.send(new PutCommand({ TableName, Item }));
    const { patient, ...appointmentFields } = appointment;
    await Promise.all([
      put(tables.slots, { ...slot, day: DAY, expiresAt: 1_900_000_000 }),
      put(tables.slots, { slotId: `day#${DAY}`, day: 'days', start: Date.parse(DAY), expiresAt: 1_900_000_000 }),
      put(tables.slots, { slotId: `patient#${ALICE}`, patient: ALICE, slotIds: [slot.slotId], version: 1 }),
      put(tables.appointments, { ...appointmentFields, phoneNumber: patient }),
      put(tables.outbox, { ...pending, pending: 'PENDING' }),
      put(tables.outbox, { ...sent, expiresAt: 1_900_000_000 }),
      put(tables.conversations, {
        patient: ALICE,
        revision: 'r1',
        turns: JSON.stringify([{ turn, at: MONDAY_9AM }]),
        expiresAt: 1_900_000_000,
      }),
      put(tables.conversations, { patient: `opt-out#${BOB}`, optedOutAt: MONDAY_9AM }),
      put(tables.staffCallbacks, callback),
    ]);
  }

  /** What the clinic's stores find of the previous release's records. */
  async function foundAs(clinicId: ClinicId) {
    const bookings = new DynamoDbBookingStore(client, prefix, clinicId);
    return {
      slot: await bookings.slot(slot.slotId),
      slots: await bookings.slotsBetween(...EVERYTHING),
      appointment: await bookings.appointment('apt_1'),
      appointmentsOfAlice: await bookings.appointmentsOf(ALICE),
      appointments: await bookings.appointmentsBetween(...EVERYTHING),
      patientSlots: await bookings.patientSlots(ALICE),
      due: await bookings.dueNotifications(MONDAY_9AM, 10),
      sent: await bookings.notification('ntf_sent'),
      conversation: await new DynamoDbConversationStore(client, prefix, clinicId).recent(ALICE, MONDAY_9AM),
      bobOptedOut: await new DynamoDbOptOuts(client, prefix, clinicId).isOptedOut(BOB),
      callbacks: await new DynamoDbStaffCallbacks(client, prefix, clinicId).open(),
    };
  }

  it("moves every record to the clinic, where its stores find each one, and another clinic's find none", async () => {
    await writePreviousRelease();
    expect(await moveUnpartitionedItems(client, prefix, DEFAULT)).to.equal(9);

    expect(await foundAs(DEFAULT)).to.deep.equal({
      slot,
      slots: [slot],
      appointment,
      appointmentsOfAlice: [appointment],
      appointments: [appointment],
      patientSlots: { patient: ALICE, slotIds: [slot.slotId], version: 1 },
      due: [pending],
      sent,
      conversation: [turn],
      bobOptedOut: true,
      callbacks: [callback],
    });
    expect(await foundAs(RIVERSIDE)).to.deep.equal({
      slot: undefined,
      slots: [],
      appointment: undefined,
      appointmentsOfAlice: [],
      appointments: [],
      patientSlots: undefined,
      due: [],
      sent: undefined,
      conversation: [],
      bobOptedOut: false,
      callbacks: [],
    });
  });

  it('moves nothing the second time, and only what is left after a run cut short', async () => {
    await writePreviousRelease();
    expect(await moveUnpartitionedItems(client, prefix, DEFAULT)).to.equal(9);
    const after = await foundAs(DEFAULT);
    expect(await moveUnpartitionedItems(client, prefix, DEFAULT)).to.equal(0);
    expect(await foundAs(DEFAULT)).to.deep.equal(after);

    // As if a run had stopped before this slot: it is still where the previous release put it.
    const ten = { ...slot, slotId: '2026-03-02T1000' as SlotId, status: 'AVAILABLE', start: slot.start + 3_600_000 };
    const { patient: _, appointmentId: __, ...free } = ten;
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({ TableName: tables.slots, Item: { ...free, day: DAY } }),
    );
    expect(await moveUnpartitionedItems(client, prefix, DEFAULT)).to.equal(1);
    expect((await foundAs(DEFAULT)).slots.map(({ slotId }) => slotId)).to.deep.equal([slot.slotId, ten.slotId]);
  });

  it('refuses an item that is there both as before and under the clinic, and keeps both', async () => {
    const optOuts = new DynamoDbOptOuts(client, prefix, DEFAULT);
    await optOuts.optOut(BOB, MONDAY_9AM);
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({ TableName: tables.conversations, Item: { patient: `opt-out#${BOB}`, optedOutAt: 1 } }),
    );
    const refused = await rejectionOf(moveUnpartitionedItems(client, prefix, DEFAULT));
    expect(String(refused)).to.contain(
      `opt-out#${BOB} is there both as written before clinics and under clinic default`,
    );
    expect(await optOuts.isOptedOut(BOB)).to.equal(true);
  });
});
