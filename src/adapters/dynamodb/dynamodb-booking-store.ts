import { createHash } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  type DynamoDBClient,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../domain/appointment.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import {
  type BookingStore,
  type CommitOptions,
  type CommitOutcome,
  type ListableSlot,
  listableOf,
  StoreUnavailableError,
  type StoreWrite,
} from '../../ports/booking-store.js';
import {
  APPOINTMENTS_BY_CLINIC,
  APPOINTMENTS_BY_PATIENT,
  PENDING_BY_DUE,
  SLOTS_BY_DAY,
  type TableNames,
  tableNames,
} from './dynamodb-tables.js';
import {
  appointmentFromItem,
  appointmentItem,
  appointmentKey,
  CLINIC_ID,
  dayMarkerItem,
  dayOf,
  dayPartition,
  daysPartition,
  type Item,
  notificationFromItem,
  notificationItem,
  notificationKey,
  patientKey,
  patientSlotsFromItem,
  patientSlotsItem,
  patientSlotsKey,
  pendingPartition,
  slotFromItem,
  slotItem,
  slotKey,
  startOfDay,
} from './items.js';
import { mapBounded } from './map-bounded.js';
import { reportingOutages } from './outage.js';
import { isVersionConflict } from './version-conflict.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type PutWrite = Exclude<StoreWrite, { kind: 'slot-retired' }>;

const WRITES_IN_FLIGHT = 16;
const QUERIES_IN_FLIGHT = 8;
/** Items the due query reads per page: some room for leased ones, which the filter drops. */
const duePageSize = (limit: number) => Math.min(Math.max(2 * limit, 20), 1_000);

const next = <T extends { version: number }>(record: T): T => ({ ...record, version: record.version + 1 });

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byStartThenSlotId = (a: Slot, b: Slot) => a.start - b.start || byId(a.slotId, b.slotId);
const byStartThenAppointmentId = (a: Appointment, b: Appointment) =>
  a.start - b.start || byId(a.appointmentId, b.appointmentId);
const byDueThenNotificationId = (a: Notification, b: Notification) =>
  a.dueAt - b.dueAt || byId(a.notificationId, b.notificationId);

/**
 * DynamoDB takes request tokens of at most 36 characters and, for ten minutes, refuses a token
 * reused with other items. A caller's token names a request, not its content (confirming, cancelling
 * and confirming the same slot again repeats it), so it is hashed with the items: a replayed commit
 * carries the same token, a different commit never collides with an earlier one.
 */
const requestTokenFor = (token: string, items: unknown) =>
  createHash('sha256').update(token).update('\0').update(JSON.stringify(items)).digest('base64url').slice(0, 36);

/**
 * One clinic's slots (one item each, keyed by slotId), appointments (keyed by appointmentId) and
 * outbox of notifications (keyed by notificationId), in three tables every clinic shares: each key
 * and index partition starts with the clinic (see items.ts), so nothing here reads or writes
 * another clinic's items. A commit is one TransactWriteItems whose
 * every Put is conditional on the version read, so the writes land together or not at all.
 * Single-record commits go through a transaction too: the SDK then sends an idempotency token, and
 * its own retry after a lost response is answered "done" instead of failing on the version the
 * first attempt already moved.
 */
export class DynamoDbBookingStore implements BookingStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tables: TableNames;

  /** `client` stays its giver's, shared with other clinics' stores: `close` leaves it open. */
  constructor(
    private readonly client: DynamoDBClient,
    tablePrefix: string,
    private readonly clinicId: ClinicId,
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.tables = tableNames(tablePrefix);
  }

  slot(slotId: SlotId): Promise<Slot | undefined> {
    return reportingOutages(async () => {
      const { Item: item } = await this.documents.send(
        new GetCommand({
          TableName: this.tables.slots,
          Key: { slotId: slotKey(this.clinicId, slotId) },
          ConsistentRead: true,
        }),
      );
      return item && slotFromItem(this.clinicId, item);
    });
  }

  /**
   * Queries the index partition of each day that has slots (found through the day markers), never
   * the whole table. Index reads are eventually consistent on AWS: fine for listing, while taking a
   * slot is always decided by a conditional write on the slot's own item.
   */
  slotsBetween(from: number, to: number, providerId?: string): Promise<Slot[]> {
    // Starts are whole milliseconds and BETWEEN includes both ends.
    const [first, last] = [Math.ceil(from), Math.ceil(to) - 1];
    if (first > last) return Promise.resolve([]);
    return reportingOutages(async () => {
      const markers = await this.dayBetween(daysPartition(this.clinicId), startOfDay(first), last);
      const slots = await mapBounded(markers, QUERIES_IN_FLIGHT, (marker) =>
        this.dayBetween(dayPartition(this.clinicId, dayOf(marker.start)), first, last, providerId),
      );
      return slots
        .flat()
        .map((item) => slotFromItem(this.clinicId, item))
        .sort(byStartThenSlotId);
    });
  }

  /**
   * Read afresh every time: another server may commit to the tables at any moment, and nothing short
   * of reading the slots again says whether one did.
   */
  async listingBetween(from: number, to: number, providerId?: string): Promise<readonly ListableSlot[]> {
    return Object.freeze((await this.slotsBetween(from, to, providerId)).map(listableOf));
  }

  appointment(appointmentId: string): Promise<Appointment | undefined> {
    return reportingOutages(async () => {
      const { Item: item } = await this.documents.send(
        new GetCommand({
          TableName: this.tables.appointments,
          Key: { appointmentId: appointmentKey(this.clinicId, appointmentId) },
          ConsistentRead: true,
        }),
      );
      return item && appointmentFromItem(this.clinicId, item);
    });
  }

  appointmentsOf(patient: PhoneNumber): Promise<Appointment[]> {
    return reportingOutages(async () => {
      const items = await this.queryAll({
        TableName: this.tables.appointments,
        IndexName: APPOINTMENTS_BY_PATIENT,
        KeyConditionExpression: '#patient = :patient',
        ExpressionAttributeNames: { '#patient': 'phoneNumber' },
        ExpressionAttributeValues: { ':patient': patientKey(this.clinicId, patient) },
      });
      return items.map((item) => appointmentFromItem(this.clinicId, item)).sort(byStartThenAppointmentId);
    });
  }

  /**
   * A Query on the clinic's partition of appointments-by-clinic, by start. Eventually consistent, as
   * index reads are: the export is a clinic's record of what was booked, not the booking path.
   */
  appointmentsBetween(from: number, to: number): Promise<Appointment[]> {
    // Starts are whole milliseconds and BETWEEN includes both ends.
    const [first, last] = [Math.ceil(from), Math.ceil(to) - 1];
    if (first > last) return Promise.resolve([]);
    return reportingOutages(async () => {
      const items = await this.queryAll({
        TableName: this.tables.appointments,
        IndexName: APPOINTMENTS_BY_CLINIC,
        KeyConditionExpression: '#clinic = :clinic AND #start BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#clinic': CLINIC_ID, '#start': 'start' },
        ExpressionAttributeValues: { ':clinic': this.clinicId, ':from': first, ':to': last },
      });
      return items.map((item) => appointmentFromItem(this.clinicId, item)).sort(byStartThenAppointmentId);
    });
  }

  patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined> {
    return reportingOutages(async () => {
      const { Item: item } = await this.documents.send(
        new GetCommand({
          TableName: this.tables.slots,
          Key: { slotId: patientSlotsKey(this.clinicId, patient) },
          ConsistentRead: true,
        }),
      );
      return item && patientSlotsFromItem(item);
    });
  }

  /**
   * One conditional Put per slot (BatchWriteItem cannot be conditional), so two servers publishing
   * at once each insert what is missing and count only what they inserted.
   */
  addMissingSlots(slots: readonly Slot[]): Promise<number> {
    return reportingOutages(async () => {
      const days = [...new Set(slots.map((slot) => dayOf(slot.start)))];
      // Markers first: a slot whose day is not marked would be stored but never listed.
      await mapBounded(days, WRITES_IN_FLIGHT, (day) =>
        this.documents.send(new PutCommand({ TableName: this.tables.slots, Item: dayMarkerItem(this.clinicId, day) })),
      );
      const inserted = await mapBounded(slots, WRITES_IN_FLIGHT, (slot) => this.insertIfMissing(slot));
      return inserted.filter(Boolean).length;
    });
  }

  async commit(writes: readonly StoreWrite[], options: CommitOptions = {}): Promise<CommitOutcome> {
    if (writes.length === 0) return { committed: true };
    const items = writes.map((write) =>
      write.kind === 'slot-retired' ? this.deleteIfAtVersion(write.record) : this.putIfAtVersion(write),
    );
    return reportingOutages(() => this.transact(items, options));
  }

  notification(notificationId: string): Promise<Notification | undefined> {
    return reportingOutages(async () => {
      const { Item: item } = await this.documents.send(
        new GetCommand({
          TableName: this.tables.outbox,
          Key: { notificationId: notificationKey(this.clinicId, notificationId) },
          ConsistentRead: true,
        }),
      );
      return item && notificationFromItem(this.clinicId, item);
    });
  }

  /**
   * A Query on the sparse pending-by-due index, never a Scan: it holds only PENDING notifications,
   * in due order. DynamoDB applies Limit before the lease filter, so a page can come back short or
   * empty with more behind it: pages are read until `limit` are found or the index is exhausted.
   * The index orders equal due times arbitrarily, so ties with the last one kept are read too and
   * the id decides among them.
   */
  dueNotifications(now: number, limit: number): Promise<Notification[]> {
    if (limit < 1) return Promise.resolve([]);
    return reportingOutages(async () => {
      const due: Item[] = [];
      const pages = paginateQuery(
        { client: this.documents },
        {
          TableName: this.tables.outbox,
          IndexName: PENDING_BY_DUE,
          KeyConditionExpression: '#pending = :pending AND #dueAt <= :now',
          FilterExpression: 'attribute_not_exists(#lease) OR #lease <= :now',
          ExpressionAttributeNames: { '#pending': 'pending', '#dueAt': 'dueAt', '#lease': 'leaseUntil' },
          ExpressionAttributeValues: { ':pending': pendingPartition(this.clinicId), ':now': now },
          Limit: duePageSize(limit),
        },
      );
      reading: for await (const page of pages) {
        for (const item of page.Items ?? []) {
          if (due.length >= limit && item.dueAt > due[limit - 1]!.dueAt) break reading;
          due.push(item);
        }
      }
      return due
        .map((item) => notificationFromItem(this.clinicId, item))
        .sort(byDueThenNotificationId)
        .slice(0, limit);
    });
  }

  private async transact(items: TransactItem[], options: CommitOptions): Promise<CommitOutcome> {
    try {
      await this.documents.send(
        new TransactWriteCommand({
          TransactItems: items,
          ...(options.requestToken ? { ClientRequestToken: requestTokenFor(options.requestToken, items) } : {}),
        }),
      );
      return { committed: true };
    } catch (error) {
      if (isVersionConflict(error)) return { committed: false, reason: 'VERSION_CONFLICT' };
      throw error;
    }
  }

  /** Every table must be there and active: a missing one is not ready, whatever the reason. */
  async ready(): Promise<void> {
    try {
      await Promise.all(
        Object.values(this.tables).map(async (name) => {
          const { Table: table } = await this.client.send(new DescribeTableCommand({ TableName: name }));
          if (table?.TableStatus !== 'ACTIVE') throw new Error(`table ${name} is ${table?.TableStatus}`);
        }),
      );
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  /** Nothing of its own to release: the client is its giver's, who closes it after every store using it. */
  async close(): Promise<void> {}

  private async insertIfMissing(slot: Slot): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tables.slots,
          Item: slotItem(this.clinicId, { ...slot, version: 1 }),
          ConditionExpression: 'attribute_not_exists(slotId)',
        }),
      );
      return true;
    } catch (error) {
      // A slot inside a transaction is one a commit has read, so it is there already.
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionConflictException)
        return false;
      throw error;
    }
  }

  /** Writes the record at version + 1, only if it is still at the version it was read at (0: absent). */
  private putIfAtVersion(write: PutWrite): TransactItem {
    const [tableName, key, item] = this.placeOf(write);
    if (write.record.version === 0) {
      return {
        Put: {
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#key)',
          ExpressionAttributeNames: { '#key': key },
        },
      };
    }
    return {
      Put: {
        TableName: tableName,
        Item: item,
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':read': write.record.version },
      },
    };
  }

  /** The table, key attribute and item, at version + 1, that a write puts. */
  private placeOf(write: PutWrite): [string, string, Item] {
    switch (write.kind) {
      case 'slot':
        return [this.tables.slots, 'slotId', slotItem(this.clinicId, next(write.record))];
      case 'appointment':
        return [this.tables.appointments, 'appointmentId', appointmentItem(this.clinicId, next(write.record))];
      case 'notification':
        return [this.tables.outbox, 'notificationId', notificationItem(this.clinicId, next(write.record))];
      case 'patientSlots':
        return [this.tables.slots, 'slotId', patientSlotsItem(this.clinicId, next(write.record))];
    }
  }

  /** Deletes the slot, only if it is still at the version it was read at. */
  private deleteIfAtVersion(slot: Slot): TransactItem {
    return {
      Delete: {
        TableName: this.tables.slots,
        Key: { slotId: slotKey(this.clinicId, slot.slotId) },
        ConditionExpression: '#version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':read': slot.version },
      },
    };
  }

  /**
   * The slots-by-day partition `day`, from `from` to `to` included; with `providerId`, that provider's
   * only, filtered by DynamoDB (the same read capacity, a smaller transfer).
   */
  private dayBetween(day: string, from: number, to: number, providerId?: string): Promise<Item[]> {
    return this.queryAll({
      TableName: this.tables.slots,
      IndexName: SLOTS_BY_DAY,
      KeyConditionExpression: '#day = :day AND #start BETWEEN :from AND :to',
      ExpressionAttributeNames: {
        '#day': 'day',
        '#start': 'start',
        ...(providerId === undefined ? {} : { '#provider': 'providerId' }),
      },
      ExpressionAttributeValues: {
        ':day': day,
        ':from': from,
        ':to': to,
        ...(providerId === undefined ? {} : { ':provider': providerId }),
      },
      ...(providerId === undefined ? {} : { FilterExpression: '#provider = :provider' }),
    });
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of paginateQuery({ client: this.documents }, input)) items.push(...(page.Items ?? []));
    return items;
  }
}
