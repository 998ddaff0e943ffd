import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Appointment } from '../../domain/appointment.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import {
  type BookingStore,
  type CommitOutcome,
  type ListableSlot,
  StoreUnavailableError,
  type StoreWrite,
} from '../../ports/booking-store.js';
import { retryWhileBusy } from './busy-retry.js';
import { inTransaction } from './database.js';
import { ListingCache } from './listing-cache.js';
import {
  type AppointmentRow,
  appointmentFromRow,
  appointmentParams,
  LISTING_COLUMNS,
  type ListingColumns,
  listableFromColumns,
  type NotificationRow,
  notificationFromRow,
  notificationParams,
  type PatientSlotsRow,
  patientSlotsFromRow,
  patientSlotsParams,
  SLOT_COLUMNS,
  type SlotColumns,
  slotFromColumns,
  slotParams,
} from './rows.js';
import { type Connection, connect } from './shared-connection.js';

/**
 * The embedded default: one SQLite file. A commit is one `BEGIN IMMEDIATE` transaction, which takes
 * the write lock before reading versions, so it is atomic across processes sharing the file too.
 * Every statement waits out another connection's lock beside the event loop (retryWhileBusy): a
 * writer's lock does not stop WAL readers, but recovery after a crash and a last connection closing
 * the file briefly do. A store is one clinic's: every statement names its clinic, and the stores of
 * one file share the process's connection to it.
 */
export class SqliteBookingStore implements BookingStore {
  private readonly connection: Connection;
  private readonly db: DatabaseSync;
  private readonly statements: Record<string, StatementSync>;
  private readonly listings: ListingCache;

  constructor(
    path: string,
    private readonly clinicId: ClinicId,
  ) {
    this.connection = connect(path);
    this.db = this.connection.db;
    const prepare = (sql: string) => this.db.prepare(sql);
    const prepareSlots = (sql: string) => {
      const statement = this.db.prepare(sql);
      statement.setReturnArrays(true);
      return statement;
    };
    this.statements = {
      slot: prepareSlots(`SELECT ${SLOT_COLUMNS} FROM slots WHERE clinic_id = ? AND slot_id = ?`),
      slotVersion: prepare('SELECT version FROM slots WHERE clinic_id = ? AND slot_id = ?'),
      slotsBetween: prepareSlots(
        `SELECT ${SLOT_COLUMNS} FROM slots WHERE clinic_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms, slot_id`,
      ),
      providerSlotsBetween: prepareSlots(
        `SELECT ${SLOT_COLUMNS} FROM slots WHERE clinic_id = ? AND provider_id = ? AND start_ms >= ? AND start_ms < ?
         ORDER BY start_ms, slot_id`,
      ),
      listingBetween: prepareSlots(
        `SELECT ${LISTING_COLUMNS} FROM slots WHERE clinic_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms, slot_id`,
      ),
      providerListingBetween: prepareSlots(
        `SELECT ${LISTING_COLUMNS} FROM slots WHERE clinic_id = ? AND provider_id = ? AND start_ms >= ? AND start_ms < ?
         ORDER BY start_ms, slot_id`,
      ),
      insertSlotIfMissing: prepare(
        `INSERT OR IGNORE INTO slots (clinic_id, slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, block_reason, version)
         VALUES (:clinic_id, :slot_id, :provider_id, :start_ms, :end_ms, :status, :patient, :hold_expires_ms, :appointment_id, :block_reason, :version)`,
      ),
      // A slot's provider and times are its id's: an update sets only what a hold or a booking changes,
      // so the indexes on provider and start, whose columns it leaves alone, are not rewritten.
      upsertSlot: prepare(
        `INSERT INTO slots (clinic_id, slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, block_reason, version)
         VALUES (:clinic_id, :slot_id, :provider_id, :start_ms, :end_ms, :status, :patient, :hold_expires_ms, :appointment_id, :block_reason, :version)
         ON CONFLICT (clinic_id, slot_id) DO UPDATE SET status = excluded.status, patient = excluded.patient,
           hold_expires_ms = excluded.hold_expires_ms, appointment_id = excluded.appointment_id,
           block_reason = excluded.block_reason, version = excluded.version`,
      ),
      retireSlot: prepare('DELETE FROM slots WHERE clinic_id = ? AND slot_id = ?'),
      appointment: prepare('SELECT * FROM appointments WHERE clinic_id = ? AND appointment_id = ?'),
      appointmentVersion: prepare('SELECT version FROM appointments WHERE clinic_id = ? AND appointment_id = ?'),
      appointmentsBetween: prepare(
        `SELECT * FROM appointments WHERE clinic_id = ? AND start_ms >= ? AND start_ms < ?
         ORDER BY start_ms, appointment_id`,
      ),
      appointmentsOf: prepare(
        'SELECT * FROM appointments WHERE clinic_id = ? AND phone_number = ? ORDER BY start_ms, appointment_id',
      ),
      upsertAppointment: prepare(
        `INSERT INTO appointments (clinic_id, appointment_id, slot_id, provider_id, phone_number, start_ms, end_ms, status, channel, created_ms, updated_ms, version)
         VALUES (:clinic_id, :appointment_id, :slot_id, :provider_id, :phone_number, :start_ms, :end_ms, :status, :channel, :created_ms, :updated_ms, :version)
         ON CONFLICT (clinic_id, appointment_id) DO UPDATE SET slot_id = excluded.slot_id, provider_id = excluded.provider_id,
           start_ms = excluded.start_ms, end_ms = excluded.end_ms, status = excluded.status,
           updated_ms = excluded.updated_ms, version = excluded.version`,
      ),
      patientSlots: prepare('SELECT * FROM patient_slots WHERE clinic_id = ? AND patient = ?'),
      patientSlotsVersion: prepare('SELECT version FROM patient_slots WHERE clinic_id = ? AND patient = ?'),
      upsertPatientSlots: prepare(
        `INSERT INTO patient_slots (clinic_id, patient, slot_ids, version) VALUES (:clinic_id, :patient, :slot_ids, :version)
         ON CONFLICT (clinic_id, patient) DO UPDATE SET slot_ids = excluded.slot_ids, version = excluded.version`,
      ),
      notification: prepare('SELECT * FROM notifications WHERE clinic_id = ? AND notification_id = ?'),
      notificationVersion: prepare('SELECT version FROM notifications WHERE clinic_id = ? AND notification_id = ?'),
      // Written so that the partial index notifications_due serves both the filter and the order.
      dueNotifications: prepare(
        `SELECT * FROM notifications
         WHERE clinic_id = :clinic_id AND status = 'PENDING' AND due_ms <= :now
           AND (lease_until_ms IS NULL OR lease_until_ms <= :now)
         ORDER BY due_ms, notification_id LIMIT :limit`,
      ),
      upsertNotification: prepare(
        `INSERT INTO notifications (clinic_id, notification_id, appointment_id, patient, channel, kind, body, due_ms, status,
           attempts, lease_until_ms, sent_ms, provider_id, last_error, appointment_version, language, version)
         VALUES (:clinic_id, :notification_id, :appointment_id, :patient, :channel, :kind, :body, :due_ms, :status,
           :attempts, :lease_until_ms, :sent_ms, :provider_id, :last_error, :appointment_version, :language, :version)
         ON CONFLICT (clinic_id, notification_id) DO UPDATE SET appointment_id = excluded.appointment_id, patient = excluded.patient,
           channel = excluded.channel, kind = excluded.kind, body = excluded.body, due_ms = excluded.due_ms,
           status = excluded.status, attempts = excluded.attempts, lease_until_ms = excluded.lease_until_ms,
           sent_ms = excluded.sent_ms, provider_id = excluded.provider_id, last_error = excluded.last_error,
           appointment_version = excluded.appointment_version, language = excluded.language, version = excluded.version`,
      ),
    };
    this.listings = new ListingCache(this.db, path);
  }

  async slot(slotId: SlotId): Promise<Slot | undefined> {
    const row = (await retryWhileBusy(() => this.statements.slot!.get(this.clinicId, slotId))) as unknown as
      | SlotColumns
      | undefined;
    return row && slotFromColumns(row);
  }

  async slotsBetween(from: number, to: number, providerId?: string): Promise<Slot[]> {
    const rows = await retryWhileBusy(() =>
      providerId === undefined
        ? this.statements.slotsBetween!.all(this.clinicId, from, to)
        : this.statements.providerSlotsBetween!.all(this.clinicId, providerId, from, to),
    );
    return (rows as unknown as SlotColumns[]).map(slotFromColumns);
  }

  // Not async: the promise retryWhileBusy gives, settled at once on a kept listing, is answered as it is.
  listingBetween(from: number, to: number, providerId?: string): Promise<readonly ListableSlot[]> {
    return retryWhileBusy(() =>
      // Numbers first, so no provider's id can make two questions one key.
      this.listings.listing(providerId === undefined ? `${from} ${to}` : `${from} ${to} ${providerId}`, () => {
        const rows =
          providerId === undefined
            ? this.statements.listingBetween!.all(this.clinicId, from, to)
            : this.statements.providerListingBetween!.all(this.clinicId, providerId, from, to);
        return Object.freeze((rows as unknown as ListingColumns[]).map(listableFromColumns));
      }),
    );
  }

  async appointment(appointmentId: string): Promise<Appointment | undefined> {
    const row = (await retryWhileBusy(() => this.statements.appointment!.get(this.clinicId, appointmentId))) as
      | AppointmentRow
      | undefined;
    return row && appointmentFromRow(row);
  }

  async appointmentsOf(patient: PhoneNumber): Promise<Appointment[]> {
    const rows = await retryWhileBusy(() => this.statements.appointmentsOf!.all(this.clinicId, patient));
    return (rows as unknown as AppointmentRow[]).map(appointmentFromRow);
  }

  async appointmentsBetween(from: number, to: number): Promise<Appointment[]> {
    const rows = await retryWhileBusy(() => this.statements.appointmentsBetween!.all(this.clinicId, from, to));
    return (rows as unknown as AppointmentRow[]).map(appointmentFromRow);
  }

  async patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined> {
    const row = (await retryWhileBusy(() => this.statements.patientSlots!.get(this.clinicId, patient))) as
      | PatientSlotsRow
      | undefined;
    return row && patientSlotsFromRow(row);
  }

  async addMissingSlots(slots: readonly Slot[]): Promise<number> {
    return retryWhileBusy(() =>
      inTransaction(this.db, () => {
        let added = 0;
        for (const slot of slots) {
          added += Number(
            this.statements.insertSlotIfMissing!.run(this.ofClinic(slotParams({ ...slot, version: 1 }))).changes,
          );
        }
        return added;
      }),
    );
  }

  async commit(writes: readonly StoreWrite[]): Promise<CommitOutcome> {
    return retryWhileBusy(() =>
      inTransaction(
        this.db,
        () => this.writeIfCurrent(writes),
        (outcome) => outcome.committed,
      ),
    );
  }

  async notification(notificationId: string): Promise<Notification | undefined> {
    const row = (await retryWhileBusy(() => this.statements.notification!.get(this.clinicId, notificationId))) as
      | NotificationRow
      | undefined;
    return row && notificationFromRow(row);
  }

  async dueNotifications(now: number, limit: number): Promise<Notification[]> {
    if (limit < 1) return [];
    const rows = await retryWhileBusy(() =>
      this.statements.dueNotifications!.all({ clinic_id: this.clinicId, now, limit }),
    );
    return (rows as unknown as NotificationRow[]).map(notificationFromRow);
  }

  async ready(): Promise<void> {
    try {
      this.db.prepare('SELECT 1 FROM slots WHERE clinic_id = ? LIMIT 1').get(this.clinicId);
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  async close(): Promise<void> {
    this.listings.close();
    this.connection.release();
  }

  private writeIfCurrent(writes: readonly StoreWrite[]): CommitOutcome {
    for (const write of writes) {
      if (this.storedVersion(write) !== write.record.version) return { committed: false, reason: 'VERSION_CONFLICT' };
    }
    for (const write of writes) {
      switch (write.kind) {
        case 'slot':
          this.statements.upsertSlot!.run(
            this.ofClinic(slotParams({ ...write.record, version: write.record.version + 1 })),
          );
          break;
        case 'slot-retired':
          this.statements.retireSlot!.run(this.clinicId, write.record.slotId);
          break;
        case 'appointment':
          this.statements.upsertAppointment!.run(
            this.ofClinic(appointmentParams({ ...write.record, version: write.record.version + 1 })),
          );
          break;
        case 'notification':
          this.statements.upsertNotification!.run(
            this.ofClinic(notificationParams({ ...write.record, version: write.record.version + 1 })),
          );
          break;
        case 'patientSlots':
          this.statements.upsertPatientSlots!.run(
            this.ofClinic(patientSlotsParams({ ...write.record, version: write.record.version + 1 })),
          );
          break;
      }
    }
    return { committed: true };
  }

  private ofClinic(params: Record<string, string | number | null>) {
    return { clinic_id: this.clinicId, ...params };
  }

  /** The version stored under the write's id, 0 when there is none. */
  private storedVersion(write: StoreWrite): number {
    return Number(this.versionRow(write)?.version ?? 0);
  }

  private versionRow(write: StoreWrite) {
    switch (write.kind) {
      case 'slot':
      case 'slot-retired':
        return this.statements.slotVersion!.get(this.clinicId, write.record.slotId);
      case 'appointment':
        return this.statements.appointmentVersion!.get(this.clinicId, write.record.appointmentId);
      case 'notification':
        return this.statements.notificationVersion!.get(this.clinicId, write.record.notificationId);
      case 'patientSlots':
        return this.statements.patientSlotsVersion!.get(this.clinicId, write.record.patient);
    }
  }
}
