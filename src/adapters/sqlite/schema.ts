/**
 * WAL lets readers run beside the one writer; synchronous=NORMAL in WAL mode survives a crash of the
 * process (only an operating-system crash or power loss can lose the last commits). The partial
 * unique index is a last guard: whatever a bug did, a slot cannot carry two live appointments.
 * The outbox's due index holds only PENDING rows, so sent ones, however many pile up, cost the
 * dispatcher's query nothing. A patient's taken slots are one row, its ids as a JSON array: it is
 * only ever read and written whole, under its version. Kinds and channels are left unchecked: they will grow, and SQLite can
 * change a CHECK only by rebuilding the table.
 */
export const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA busy_timeout = 5000;

CREATE TABLE IF NOT EXISTS slots (
  slot_id TEXT PRIMARY KEY,
  provider_id TEXT,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('AVAILABLE', 'HELD', 'BOOKED')),
  patient TEXT,
  hold_expires_ms INTEGER,
  appointment_id TEXT,
  version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS slots_by_start ON slots (start_ms, slot_id);
CREATE INDEX IF NOT EXISTS slots_by_provider ON slots (provider_id, start_ms, slot_id);

CREATE TABLE IF NOT EXISTS appointments (
  appointment_id TEXT PRIMARY KEY,
  slot_id TEXT NOT NULL,
  provider_id TEXT,
  phone_number TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('BOOKED', 'CANCELLED')),
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS appointments_by_patient ON appointments (phone_number, start_ms);
CREATE UNIQUE INDEX IF NOT EXISTS one_live_appointment_per_slot ON appointments (slot_id) WHERE status = 'BOOKED';

CREATE TABLE IF NOT EXISTS notifications (
  notification_id TEXT PRIMARY KEY,
  appointment_id TEXT NOT NULL,
  patient TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
  attempts INTEGER NOT NULL,
  lease_until_ms INTEGER,
  sent_ms INTEGER,
  provider_id TEXT,
  last_error TEXT,
  appointment_version INTEGER,
  version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS notifications_due ON notifications (due_ms, notification_id) WHERE status = 'PENDING';

CREATE TABLE IF NOT EXISTS patient_slots (
  patient TEXT PRIMARY KEY,
  slot_ids TEXT NOT NULL,
  version INTEGER NOT NULL
) WITHOUT ROWID;
`;
