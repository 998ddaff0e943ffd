import type { DatabaseSync } from 'node:sqlite';

/**
 * The slots table as version 6 has it: status may be BLOCKED, with staff's reason beside it. SQLite
 * changes a CHECK only by rebuilding the table: a new one, the rows copied, the old one dropped (its
 * indexes with it), the new one renamed and indexed as before. Written out here, as a released
 * migration never changes.
 */
export function allowBlockedSlots(db: DatabaseSync): void {
  const columns =
    'clinic_id, slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, version';
  db.exec(`CREATE TABLE slots_blockable (
      clinic_id TEXT NOT NULL, slot_id TEXT NOT NULL, provider_id TEXT, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('AVAILABLE', 'HELD', 'BOOKED', 'BLOCKED')), patient TEXT, hold_expires_ms INTEGER,
      appointment_id TEXT, block_reason TEXT, version INTEGER NOT NULL,
      PRIMARY KEY (clinic_id, slot_id)
    ) WITHOUT ROWID;
    INSERT INTO slots_blockable (${columns}) SELECT ${columns} FROM slots;
    DROP TABLE slots;
    ALTER TABLE slots_blockable RENAME TO slots;
    CREATE INDEX slots_by_start ON slots (clinic_id, start_ms, slot_id);
    CREATE INDEX slots_by_provider ON slots (clinic_id, provider_id, start_ms, slot_id);`);
}
