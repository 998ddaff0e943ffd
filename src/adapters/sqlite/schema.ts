import type { DatabaseSync } from 'node:sqlite';
import { allowBlockedSlots } from './blockable-slots.js';
import { partitionByClinic } from './clinic-partitioned-tables.js';

/**
 * Per connection, so every store opening the file sets them. WAL lets readers run beside the one
 * writer; synchronous=NORMAL in WAL mode survives a crash of the process (only an operating-system
 * crash or power loss can lose the last commits). The busy timeout is for opening only: a server
 * starting while another migrates the file waits its turn (openDatabase then sets it to 0). It comes
 * first: turning a new file to WAL takes the lock too, and workers started together all do it at once.
 * `wal_autocheckpoint`: every 10,000 pages (about 40 MiB of WAL) rather than 1,000. A checkpoint
 * copies each page changed since the last once, so fewer of them copy the hot pages of the slots and
 * outbox fewer times: hold+confirm went from 818 to 1,155 pairs/s (BENCHMARKS.md). A crash replays at
 * most that much WAL at the next open.
 * `cache_size`: 16 MiB of pages (the default is 2 MiB). Every key starts with the clinic, so a
 * deployment of many clinics works in as many places of each index at once. The cache fills up to its
 * size as the file grows and stays there: at 64 MiB it was much of what the server's RSS grew by over
 * 10 minutes of mixed load (BENCHMARKS.md, bench:memory). Pages it drops are still in the operating
 * system's cache, a read away. The stores of a file share one connection, so it is paid once per file
 * and process.
 */
export const CONNECTION_PRAGMAS = `
PRAGMA busy_timeout = 5000;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -16384;
PRAGMA wal_autocheckpoint = 10000;
`;

export interface Migration {
  /** Recorded in the file's `PRAGMA user_version` once applied. */
  version: number;
  up(db: DatabaseSync): void;
}

/**
 * Version 1 is every table the releases before versioning made. Those files say version 0 whatever
 * they hold, so it creates only what is missing and adds the outbox's appointment_version, which
 * came later than its table. The partial unique index is a last guard: whatever a bug did, a slot
 * cannot carry two live appointments. The outbox's due index holds only PENDING rows, so sent ones,
 * however many pile up, cost the dispatcher's query nothing. Kinds and channels are left unchecked:
 * they will grow, and SQLite can change a CHECK only by rebuilding the table. Conversation turns are
 * JSON text: the model's raw content must come back exactly as it was given; the age index lets every
 * append drop the stale turns of all patients, not only its own.
 */
const FIRST_TABLES = `
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

CREATE TABLE IF NOT EXISTS conversation_turns (
  patient TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  turn_json TEXT NOT NULL,
  PRIMARY KEY (patient, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS conversation_turns_by_age ON conversation_turns (at_ms);

CREATE TABLE IF NOT EXISTS opt_outs (phone_number TEXT PRIMARY KEY, opted_out_ms INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS staff_callbacks (
  phone_number TEXT PRIMARY KEY, reason TEXT NOT NULL, channel TEXT NOT NULL,
  first_ms INTEGER NOT NULL, last_ms INTEGER NOT NULL, times INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** SQLite has no ADD COLUMN IF NOT EXISTS. */
function addColumnIfMissing(db: DatabaseSync, table: string, column: string, type: string): void {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  if (!columns.some(({ name }) => name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
}

/**
 * The file's shapes, oldest first; a release that changes the schema appends one and never edits a
 * released one. Run in one transaction under the write lock when a file is opened.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(FIRST_TABLES);
      addColumnIfMissing(db, 'notifications', 'appointment_version', 'INTEGER');
    },
  },
  {
    // A patient's taken slots are one row, its ids as a JSON array: only ever read and written whole, under its version.
    version: 2,
    up(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS patient_slots (
        patient TEXT PRIMARY KEY,
        slot_ids TEXT NOT NULL,
        version INTEGER NOT NULL
      ) WITHOUT ROWID;`);
    },
  },
  {
    // The export lists every patient's appointments by start.
    version: 3,
    up(db) {
      db.exec('CREATE INDEX IF NOT EXISTS appointments_by_start ON appointments (start_ms, appointment_id)');
    },
  },
  {
    // Clinics as data. A clinic is one JSON document, read and written whole; clinic_numbers is what
    // finds a clinic by a number, its key what keeps a number to one clinic. Tokens are kept by hash.
    version: 4,
    up(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS clinics (clinic_id TEXT PRIMARY KEY, clinic_json TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS clinic_numbers (number TEXT PRIMARY KEY, clinic_id TEXT NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS clinic_numbers_by_clinic ON clinic_numbers (clinic_id);
        CREATE TABLE IF NOT EXISTS clinic_tokens (
          token_hash TEXT PRIMARY KEY,
          token_id TEXT NOT NULL UNIQUE,
          clinic_id TEXT NOT NULL
        ) WITHOUT ROWID;`);
    },
  },
  {
    // One file serves many clinics: every store's table is keyed and indexed by clinic first.
    version: 5,
    up: partitionByClinic,
  },
  {
    // Staff block time: a slot may be BLOCKED, with a reason.
    version: 6,
    up: allowBlockedSlots,
  },
  {
    // Staff accounts and their console sessions. An email is one account across every clinic (sign-in
    // is by email alone); a session is kept by its token's hash, and found by staff to sign them out.
    version: 7,
    up(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS staff_accounts (
          clinic_id TEXT NOT NULL,
          staff_id TEXT NOT NULL,
          email TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          failures INTEGER NOT NULL,
          locked_until_ms INTEGER,
          PRIMARY KEY (clinic_id, staff_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS staff_sessions (
          session_hash TEXT PRIMARY KEY,
          clinic_id TEXT NOT NULL,
          staff_id TEXT NOT NULL,
          role TEXT NOT NULL,
          csrf_token TEXT NOT NULL,
          expires_ms INTEGER NOT NULL,
          idle_until_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS staff_sessions_by_staff ON staff_sessions (clinic_id, staff_id);`);
    },
  },
  {
    // Where each appointment was booked (NULL for those booked before it was recorded), and each
    // provider's calendar feed, found by the hash of its secret; a provider has one at a time.
    version: 8,
    up(db) {
      addColumnIfMissing(db, 'appointments', 'channel', 'TEXT');
      db.exec(`CREATE TABLE IF NOT EXISTS calendar_feeds (
        clinic_id TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        PRIMARY KEY (clinic_id, provider_id)
      ) WITHOUT ROWID;`);
    },
  },
  {
    // Every hand-off to staff, kept after its request is resolved, for the clinic's charts. Two may
    // share an instant, so rows are told apart by rowid; the index is what a span and a prune read.
    version: 9,
    up(db) {
      db.exec(`CREATE TABLE IF NOT EXISTS handoffs (clinic_id TEXT NOT NULL, at_ms INTEGER NOT NULL, channel TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS handoffs_by_time ON handoffs (clinic_id, at_ms);`);
    },
  },
  {
    // What a clinic remembers of each patient (the language they write in, their name), and the
    // language each text was written in when queued.
    version: 10,
    up(db) {
      addColumnIfMissing(db, 'notifications', 'language', 'TEXT');
      db.exec(`CREATE TABLE IF NOT EXISTS patient_profiles (
        clinic_id TEXT NOT NULL,
        phone_number TEXT NOT NULL,
        language TEXT,
        name TEXT,
        PRIMARY KEY (clinic_id, phone_number)
      ) WITHOUT ROWID;`);
    },
  },
  {
    // When each patient last wrote on WhatsApp: texts the clinic starts after 24 hours go as templates.
    version: 11,
    up(db) {
      addColumnIfMissing(db, 'patient_profiles', 'last_whatsapp_message_ms', 'INTEGER');
    },
  },
];
