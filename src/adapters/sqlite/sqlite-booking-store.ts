import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Appointment } from '../../domain/appointment.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import {
  type BookingStore,
  type CommitOutcome,
  StoreUnavailableError,
  type StoreWrite,
} from '../../ports/booking-store.js';
import { retryWhileBusy } from './busy-retry.js';
import { inTransaction, openDatabase } from './database.js';
import {
  type AppointmentRow,
  appointmentFromRow,
  appointmentParams,
  type NotificationRow,
  notificationFromRow,
  notificationParams,
  type PatientSlotsRow,
  patientSlotsFromRow,
  patientSlotsParams,
  type SlotRow,
  slotFromRow,
  slotParams,
} from './rows.js';

/**
 * The embedded default: one SQLite file. A commit is one `BEGIN IMMEDIATE` transaction, which takes
 * the write lock before reading versions, so it is atomic across processes sharing the file too.
 * Every statement waits out another connection's lock beside the event loop (retryWhileBusy): a
 * writer's lock does not stop WAL readers, but recovery after a crash and a last connection closing
 * the file briefly do.
 */
export class SqliteBookingStore implements BookingStore {
  private readonly db: DatabaseSync;
  private readonly statements: Record<string, StatementSync>;

  constructor(path: string) {
    this.db = openDatabase(path);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      slot: prepare('SELECT * FROM slots WHERE slot_id = ?'),
      slotVersion: prepare('SELECT version FROM slots WHERE slot_id = ?'),
      slotsBetween: prepare('SELECT * FROM slots WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms, slot_id'),
      providerSlotsBetween: prepare(
        'SELECT * FROM slots WHERE provider_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms, slot_id',
      ),
      insertSlotIfMissing: prepare(
        `INSERT OR IGNORE INTO slots (slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, version)
         VALUES (:slot_id, :provider_id, :start_ms, :end_ms, :status, :patient, :hold_expires_ms, :appointment_id, :version)`,
      ),
      upsertSlot: prepare(
        `INSERT INTO slots (slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, version)
         VALUES (:slot_id, :provider_id, :start_ms, :end_ms, :status, :patient, :hold_expires_ms, :appointment_id, :version)
         ON CONFLICT (slot_id) DO UPDATE SET provider_id = excluded.provider_id, start_ms = excluded.start_ms,
           end_ms = excluded.end_ms, status = excluded.status, patient = excluded.patient,
           hold_expires_ms = excluded.hold_expires_ms, appointment_id = excluded.appointment_id, version = excluded.version`,
      ),
      retireSlot: prepare('DELETE FROM slots WHERE slot_id = ?'),
      appointment: prepare('SELECT * FROM appointments WHERE appointment_id = ?'),
      appointmentVersion: prepare('SELECT version FROM appointments WHERE appointment_id = ?'),
      appointmentsBetween: prepare(
        'SELECT * FROM appointments WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms, appointment_id',
      ),
      appointmentsOf: prepare('SELECT * FROM appointments WHERE phone_number = ? ORDER BY start_ms, appointment_id'),
      upsertAppointment: prepare(
        `INSERT INTO appointments (appointment_id, slot_id, provider_id, phone_number, start_ms, end_ms, status, created_ms, updated_ms, version)
         VALUES (:appointment_id, :slot_id, :provider_id, :phone_number, :start_ms, :end_ms, :status, :created_ms, :updated_ms, :version)
         ON CONFLICT (appointment_id) DO UPDATE SET slot_id = excluded.slot_id, provider_id = excluded.provider_id,
           start_ms = excluded.start_ms, end_ms = excluded.end_ms, status = excluded.status,
           updated_ms = excluded.updated_ms, version = excluded.version`,
      ),
      patientSlots: prepare('SELECT * FROM patient_slots WHERE patient = ?'),
      patientSlotsVersion: prepare('SELECT version FROM patient_slots WHERE patient = ?'),
      upsertPatientSlots: prepare(
        `INSERT INTO patient_slots (patient, slot_ids, version) VALUES (:patient, :slot_ids, :version)
         ON CONFLICT (patient) DO UPDATE SET slot_ids = excluded.slot_ids, version = excluded.version`,
      ),
      notification: prepare('SELECT * FROM notifications WHERE notification_id = ?'),
      notificationVersion: prepare('SELECT version FROM notifications WHERE notification_id = ?'),
      // Written so that the partial index notifications_due serves both the filter and the order.
      dueNotifications: prepare(
        `SELECT * FROM notifications
         WHERE status = 'PENDING' AND due_ms <= :now AND (lease_until_ms IS NULL OR lease_until_ms <= :now)
         ORDER BY due_ms, notification_id LIMIT :limit`,
      ),
      upsertNotification: prepare(
        `INSERT INTO notifications (notification_id, appointment_id, patient, channel, kind, body, due_ms, status, attempts,
           lease_until_ms, sent_ms, provider_id, last_error, appointment_version, version)
         VALUES (:notification_id, :appointment_id, :patient, :channel, :kind, :body, :due_ms, :status, :attempts,
           :lease_until_ms, :sent_ms, :provider_id, :last_error, :appointment_version, :version)
         ON CONFLICT (notification_id) DO UPDATE SET appointment_id = excluded.appointment_id, patient = excluded.patient,
           channel = excluded.channel, kind = excluded.kind, body = excluded.body, due_ms = excluded.due_ms,
           status = excluded.status, attempts = excluded.attempts, lease_until_ms = excluded.lease_until_ms,
           sent_ms = excluded.sent_ms, provider_id = excluded.provider_id, last_error = excluded.last_error,
           appointment_version = excluded.appointment_version, version = excluded.version`,
      ),
    };
  }

  async slot(slotId: SlotId): Promise<Slot | undefined> {
    const row = (await retryWhileBusy(() => this.statements.slot!.get(slotId))) as SlotRow | undefined;
    return row && slotFromRow(row);
  }

  async slotsBetween(from: number, to: number, providerId?: string): Promise<Slot[]> {
    const rows = await retryWhileBusy(() =>
      providerId === undefined
        ? this.statements.slotsBetween!.all(from, to)
        : this.statements.providerSlotsBetween!.all(providerId, from, to),
    );
    return (rows as unknown as SlotRow[]).map(slotFromRow);
  }

  async appointment(appointmentId: string): Promise<Appointment | undefined> {
    const row = (await retryWhileBusy(() => this.statements.appointment!.get(appointmentId))) as
      | AppointmentRow
      | undefined;
    return row && appointmentFromRow(row);
  }

  async appointmentsOf(patient: PhoneNumber): Promise<Appointment[]> {
    const rows = await retryWhileBusy(() => this.statements.appointmentsOf!.all(patient));
    return (rows as unknown as AppointmentRow[]).map(appointmentFromRow);
  }

  async appointmentsBetween(from: number, to: number): Promise<Appointment[]> {
    const rows = await retryWhileBusy(() => this.statements.appointmentsBetween!.all(from, to));
    return (rows as unknown as AppointmentRow[]).map(appointmentFromRow);
  }

  async patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined> {
    const row = (await retryWhileBusy(() => this.statements.patientSlots!.get(patient))) as PatientSlotsRow | undefined;
    return row && patientSlotsFromRow(row);
  }

  async addMissingSlots(slots: readonly Slot[]): Promise<number> {
    return retryWhileBusy(() =>
      inTransaction(this.db, () => {
        let added = 0;
        for (const slot of slots) {
          added += Number(this.statements.insertSlotIfMissing!.run(slotParams({ ...slot, version: 1 })).changes);
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
    const row = (await retryWhileBusy(() => this.statements.notification!.get(notificationId))) as
      | NotificationRow
      | undefined;
    return row && notificationFromRow(row);
  }

  async dueNotifications(now: number, limit: number): Promise<Notification[]> {
    if (limit < 1) return [];
    const rows = await retryWhileBusy(() => this.statements.dueNotifications!.all({ now, limit }));
    return (rows as unknown as NotificationRow[]).map(notificationFromRow);
  }

  async ready(): Promise<void> {
    try {
      this.db.prepare('SELECT 1 FROM slots LIMIT 1').get();
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }

  private writeIfCurrent(writes: readonly StoreWrite[]): CommitOutcome {
    for (const write of writes) {
      if (this.storedVersion(write) !== write.record.version) return { committed: false, reason: 'VERSION_CONFLICT' };
    }
    for (const write of writes) {
      switch (write.kind) {
        case 'slot':
          this.statements.upsertSlot!.run(slotParams({ ...write.record, version: write.record.version + 1 }));
          break;
        case 'slot-retired':
          this.statements.retireSlot!.run(write.record.slotId);
          break;
        case 'appointment':
          this.statements.upsertAppointment!.run(
            appointmentParams({ ...write.record, version: write.record.version + 1 }),
          );
          break;
        case 'notification':
          this.statements.upsertNotification!.run(
            notificationParams({ ...write.record, version: write.record.version + 1 }),
          );
          break;
        case 'patientSlots':
          this.statements.upsertPatientSlots!.run(
            patientSlotsParams({ ...write.record, version: write.record.version + 1 }),
          );
          break;
      }
    }
    return { committed: true };
  }

  /** The version stored under the write's id, 0 when there is none. */
  private storedVersion(write: StoreWrite): number {
    return Number(this.versionRow(write)?.version ?? 0);
  }

  private versionRow(write: StoreWrite) {
    switch (write.kind) {
      case 'slot':
      case 'slot-retired':
        return this.statements.slotVersion!.get(write.record.slotId);
      case 'appointment':
        return this.statements.appointmentVersion!.get(write.record.appointmentId);
      case 'notification':
        return this.statements.notificationVersion!.get(write.record.notificationId);
      case 'patientSlots':
        return this.statements.patientSlotsVersion!.get(write.record.patient);
    }
  }
}
