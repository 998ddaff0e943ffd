import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { SqliteConversationStore } from '../../src/adapters/sqlite/sqlite-conversation-store.js';
import { SqliteOptOuts } from '../../src/adapters/sqlite/sqlite-opt-outs.js';
import { aBookedSlot, anAppointment } from '../support/booking-builders.js';
import { ALICE } from '../support/patients.js';
import { PROJECT_ROOT } from '../support/server-process.js';

/** The last release whose file had no schema version and no patient_slots table. */
const PREVIOUS_RELEASE = '130c7f4';
const LATEST_VERSION = 4;

const directory = mkdtempSync(join(tmpdir(), 'clinic-sqlite-versions-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const aFile = () => join(directory, `versions-${files++}.sqlite`);

/** That release's DDL, as it shipped: its SCHEMA constant, read from git. */
function previousReleaseSchema(): string {
  const source = execFileSync('git', ['show', `${PREVIOUS_RELEASE}:src/adapters/sqlite/schema.ts`], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  const ddl = /export const SCHEMA = `([^`]*)`/.exec(source)?.[1];
  if (!ddl) throw new Error(`no SCHEMA in ${PREVIOUS_RELEASE}:src/adapters/sqlite/schema.ts`);
  return ddl;
}

function inspect<T>(path: string, look: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

const versionOf = (path: string) =>
  inspect(path, (db) => Number(db.prepare('PRAGMA user_version').get()!.user_version));
const tablesOf = (path: string) =>
  inspect(path, (db) =>
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => String(row.name)),
  );

describe('SQLite schema versions', () => {
  const slot = aBookedSlot(ALICE, 'apt_old');
  const appointment = anAppointment(slot, ALICE);

  /** A file as the previous release left it, with a booking and a text owed. */
  function previousReleaseFile(): string {
    const path = aFile();
    const db = new DatabaseSync(path);
    db.exec(previousReleaseSchema());
    db.prepare(
      `INSERT INTO slots (slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, version)
       VALUES (?, NULL, ?, ?, 'BOOKED', ?, NULL, 'apt_old', ?)`,
    ).run(slot.slotId, slot.start, slot.end, ALICE, slot.version);
    db.prepare(
      `INSERT INTO appointments (appointment_id, slot_id, provider_id, phone_number, start_ms, end_ms, status, created_ms, updated_ms, version)
       VALUES ('apt_old', ?, NULL, ?, ?, ?, 'BOOKED', ?, ?, ?)`,
    ).run(slot.slotId, ALICE, appointment.start, appointment.end, appointment.createdAt, appointment.updatedAt, 1);
    db.exec(
      `INSERT INTO notifications VALUES ('ntf_old', 'apt_old', '${ALICE}', 'sms', 'BOOKED', 'Booked.', 5, 'PENDING', 0, NULL, NULL, NULL, NULL, 1, 1)`,
    );
    db.close();
    return path;
  }

  it('upgrades a file the previous release wrote: keeps its bookings, adds the new tables and records the version', async () => {
    const path = previousReleaseFile();
    expect(versionOf(path)).to.equal(0);
    expect(tablesOf(path)).to.not.include('patient_slots');

    const store = new SqliteBookingStore(path);
    try {
      expect(await store.slot(slot.slotId)).to.deep.equal(slot);
      expect(await store.appointmentsOf(ALICE)).to.deep.equal([{ ...appointment, version: 1 }]);
      expect(await store.notification('ntf_old')).to.deep.include({ status: 'PENDING', appointmentVersion: 1 });
      const taken = { patient: ALICE, slotIds: [slot.slotId], version: 0 };
      expect(await store.commit([{ kind: 'patientSlots', record: taken }])).to.deep.equal({ committed: true });
      expect(await store.patientSlots(ALICE)).to.deep.equal({ ...taken, version: 1 });
    } finally {
      await store.close();
    }
    expect(versionOf(path)).to.equal(LATEST_VERSION);
    expect(tablesOf(path)).to.include.members([
      'appointments',
      'clinic_numbers',
      'clinic_tokens',
      'clinics',
      'conversation_turns',
      'notifications',
      'opt_outs',
      'patient_slots',
      'slots',
      'staff_callbacks',
    ]);
  });

  it('records the latest version in a new file, whichever store opens it first', async () => {
    const path = aFile();
    await new SqliteOptOuts(path).close();
    expect(versionOf(path)).to.equal(LATEST_VERSION);
    const store = new SqliteBookingStore(path);
    expect(await store.patientSlots(ALICE)).to.equal(undefined);
    await store.close();
  });

  it('upgrades once when two stores open an old file at once', async () => {
    const path = previousReleaseFile();
    const [bookings, conversations] = [new SqliteBookingStore(path), new SqliteConversationStore(path)];
    await Promise.all([bookings.close(), conversations.close()]);
    expect(versionOf(path)).to.equal(LATEST_VERSION);
  });

  it('refuses a file from a newer release, saying so, and leaves it as it was', () => {
    const path = aFile();
    const newer = new DatabaseSync(path);
    newer.exec(`CREATE TABLE tomorrow (x); PRAGMA user_version = ${LATEST_VERSION + 1}`);
    newer.close();

    expect(() => new SqliteBookingStore(path)).to.throw(
      `${path}: its schema is version ${LATEST_VERSION + 1}, from a newer release; this one knows up to version ${LATEST_VERSION}`,
    );
    expect(versionOf(path)).to.equal(LATEST_VERSION + 1);
    expect(tablesOf(path)).to.deep.equal(['tomorrow']);
  });
});
