import type { DatabaseSync } from 'node:sqlite';

interface PartitionedTable {
  name: string;
  /** Every column but clinic_id, as the table had them. */
  columns: string;
  /** The primary key that was the whole key, now within the clinic. */
  key: string;
  indexes: string[];
}

/**
 * The stores' tables with the clinic first in every key and index, so that a statement filtering by
 * clinic reads that clinic's rows alone, and slot ids, patients and unique rules repeat across clinics:
 * each clinic has its 9:00 slot, and the one live appointment a slot may carry is per clinic.
 */
const TABLES: readonly PartitionedTable[] = [
  {
    name: 'slots',
    columns: `slot_id TEXT NOT NULL, provider_id TEXT, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('AVAILABLE', 'HELD', 'BOOKED')), patient TEXT, hold_expires_ms INTEGER,
      appointment_id TEXT, version INTEGER NOT NULL`,
    key: 'slot_id',
    indexes: [
      'CREATE INDEX slots_by_start ON slots (clinic_id, start_ms, slot_id)',
      'CREATE INDEX slots_by_provider ON slots (clinic_id, provider_id, start_ms, slot_id)',
    ],
  },
  {
    name: 'appointments',
    columns: `appointment_id TEXT NOT NULL, slot_id TEXT NOT NULL, provider_id TEXT, phone_number TEXT NOT NULL,
      start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, status TEXT NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED')),
      created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, version INTEGER NOT NULL`,
    key: 'appointment_id',
    indexes: [
      'CREATE INDEX appointments_by_patient ON appointments (clinic_id, phone_number, start_ms)',
      'CREATE INDEX appointments_by_start ON appointments (clinic_id, start_ms, appointment_id)',
      "CREATE UNIQUE INDEX one_live_appointment_per_slot ON appointments (clinic_id, slot_id) WHERE status = 'BOOKED'",
    ],
  },
  {
    name: 'notifications',
    columns: `notification_id TEXT NOT NULL, appointment_id TEXT NOT NULL, patient TEXT NOT NULL, channel TEXT NOT NULL,
      kind TEXT NOT NULL, body TEXT NOT NULL, due_ms INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')), attempts INTEGER NOT NULL,
      lease_until_ms INTEGER, sent_ms INTEGER, provider_id TEXT, last_error TEXT, appointment_version INTEGER,
      version INTEGER NOT NULL`,
    key: 'notification_id',
    indexes: [
      "CREATE INDEX notifications_due ON notifications (clinic_id, due_ms, notification_id) WHERE status = 'PENDING'",
    ],
  },
  {
    name: 'patient_slots',
    columns: 'patient TEXT NOT NULL, slot_ids TEXT NOT NULL, version INTEGER NOT NULL',
    key: 'patient',
    indexes: [],
  },
  {
    name: 'conversation_turns',
    columns: 'patient TEXT NOT NULL, seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, turn_json TEXT NOT NULL',
    key: 'patient, seq',
    indexes: ['CREATE INDEX conversation_turns_by_age ON conversation_turns (clinic_id, at_ms)'],
  },
  {
    name: 'opt_outs',
    columns: 'phone_number TEXT NOT NULL, opted_out_ms INTEGER NOT NULL',
    key: 'phone_number',
    indexes: [],
  },
  {
    name: 'staff_callbacks',
    columns: `phone_number TEXT NOT NULL, reason TEXT NOT NULL, channel TEXT NOT NULL, first_ms INTEGER NOT NULL,
      last_ms INTEGER NOT NULL, times INTEGER NOT NULL`,
    key: 'phone_number',
    indexes: [],
  },
];

/**
 * Rebuilds each table with clinic_id first in its key, since SQLite cannot change a primary key in
 * place: a new table, the rows copied into it, the old one dropped (its indexes with it), the new one
 * renamed and indexed. The rows a file holds are its one clinic's, and that clinic's id is `default`
 * (the id of a clinic file that names none), so a deployment upgrades by restarting. Written out here
 * rather than taken from the config, which may change: a released migration never does.
 */
export function partitionByClinic(db: DatabaseSync): void {
  for (const table of TABLES) {
    const rebuilt = `${table.name}_by_clinic`;
    const columns = (db.prepare(`PRAGMA table_info(${table.name})`).all() as Array<{ name: string }>)
      .map(({ name }) => name)
      .join(', ');
    db.exec(`CREATE TABLE ${rebuilt} (clinic_id TEXT NOT NULL, ${table.columns}, PRIMARY KEY (clinic_id, ${table.key})) WITHOUT ROWID;
      INSERT INTO ${rebuilt} (clinic_id, ${columns}) SELECT 'default', ${columns} FROM ${table.name};
      DROP TABLE ${table.name};
      ALTER TABLE ${rebuilt} RENAME TO ${table.name};
      ${table.indexes.map((index) => `${index};`).join('\n')}`);
  }
}
