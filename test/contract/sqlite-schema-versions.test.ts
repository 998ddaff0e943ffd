import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import { MIGRATIONS } from '../../src/adapters/sqlite/schema.js';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { SqliteConversationStore } from '../../src/adapters/sqlite/sqlite-conversation-store.js';
import { SqliteOptOuts } from '../../src/adapters/sqlite/sqlite-opt-outs.js';
import { SqliteStaffCallbacks } from '../../src/adapters/sqlite/sqlite-staff-callbacks.js';
import type { ClinicId } from '../../src/domain/clinic.js';
import { aBookedSlot, anAppointment } from '../support/booking-builders.js';
import { aNewClinicId, CLINIC_ID, DEFAULT_CLINIC_ID } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { PROJECT_ROOT } from '../support/server-process.js';
import { asAnotherServer } from '../support/sqlite-paths.js';
import { YEARS_AHEAD } from '../support/times.js';

/** The last release whose file had no schema version and no patient_slots table. */
const PREVIOUS_RELEASE = '130c7f4';
const LATEST_VERSION = 11;
/** The tables of the stores a clinic has, partitioned by clinic since version 5. */
const STORE_TABLES = [
  'appointments',
  'conversation_turns',
  'handoffs',
  'notifications',
  'opt_outs',
  'patient_slots',
  'slots',
  'staff_callbacks',
];

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

  /** Alice's booking and the text it owes her, as the files before clinics held them. */
  function insertAlicesBooking(db: DatabaseSync): void {
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
  }

  /** A file as the previous release left it, with a booking and a text owed. */
  function previousReleaseFile(): string {
    const path = aFile();
    const db = new DatabaseSync(path);
    db.exec(previousReleaseSchema());
    insertAlicesBooking(db);
    db.close();
    return path;
  }

  it('upgrades a file the previous release wrote: keeps its bookings, adds the new tables and records the version', async () => {
    const path = previousReleaseFile();
    expect(versionOf(path)).to.equal(0);
    expect(tablesOf(path)).to.not.include('patient_slots');

    const store = new SqliteBookingStore(path, DEFAULT_CLINIC_ID);
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
    expect(tablesOf(path)).to.include.members([...STORE_TABLES, 'clinic_numbers', 'clinic_tokens', 'clinics']);
  });

  it('records the latest version in a new file, whichever store opens it first', async () => {
    const path = aFile();
    await new SqliteOptOuts(path, CLINIC_ID).close();
    expect(versionOf(path)).to.equal(LATEST_VERSION);
    const store = new SqliteBookingStore(path, CLINIC_ID);
    expect(await store.patientSlots(ALICE)).to.equal(undefined);
    await store.close();
  });

  it('upgrades once when two stores open an old file at once', async () => {
    const path = previousReleaseFile();
    const [bookings, conversations] = [
      new SqliteBookingStore(path, DEFAULT_CLINIC_ID),
      new SqliteConversationStore(asAnotherServer(path), DEFAULT_CLINIC_ID),
    ];
    await Promise.all([bookings.close(), conversations.close()]);
    expect(versionOf(path)).to.equal(LATEST_VERSION);
  });

  it('refuses a file from a newer release, saying so, and leaves it as it was', () => {
    const path = aFile();
    const newer = new DatabaseSync(path);
    newer.exec(`CREATE TABLE tomorrow (x); PRAGMA user_version = ${LATEST_VERSION + 1}`);
    newer.close();

    expect(() => new SqliteBookingStore(path, CLINIC_ID)).to.throw(
      `${path}: its schema is version ${LATEST_VERSION + 1}, from a newer release; this one knows up to version ${LATEST_VERSION}`,
    );
    expect(versionOf(path)).to.equal(LATEST_VERSION + 1);
    expect(tablesOf(path)).to.deep.equal(['tomorrow']);
  });

  describe('from version 4, before clinics shared a file', () => {
    const turn = { role: 'patient' as const, text: 'Is Monday free?' };

    /** A file as version 4 left it, made by its migrations, with a row in every store's table. */
    function versionFourFile(): string {
      const path = aFile();
      const db = new DatabaseSync(path);
      for (const migration of MIGRATIONS) if (migration.version <= 4) migration.up(db);
      db.exec('PRAGMA user_version = 4');
      insertAlicesBooking(db);
      db.prepare('INSERT INTO patient_slots (patient, slot_ids, version) VALUES (?, ?, 1)').run(
        ALICE,
        JSON.stringify([slot.slotId]),
      );
      db.prepare('INSERT INTO conversation_turns (patient, seq, at_ms, turn_json) VALUES (?, 1, ?, ?)').run(
        ALICE,
        YEARS_AHEAD,
        JSON.stringify(turn),
      );
      db.prepare('INSERT INTO opt_outs (phone_number, opted_out_ms) VALUES (?, 1)').run(ALICE);
      db.prepare(
        `INSERT INTO staff_callbacks (phone_number, reason, channel, first_ms, last_ms, times) VALUES (?, 'a person', 'sms', 1, 2, 3)`,
      ).run(ALICE);
      db.close();
      return path;
    }

    /** Every record of the file, as the stores of `clinicId` find them. */
    async function recordsOf(path: string, clinicId: ClinicId) {
      const bookings = new SqliteBookingStore(path, clinicId);
      const conversations = new SqliteConversationStore(path, clinicId);
      const optOuts = new SqliteOptOuts(path, clinicId);
      const callbacks = new SqliteStaffCallbacks(path, clinicId);
      try {
        return {
          slot: await bookings.slot(slot.slotId),
          slots: await bookings.slotsBetween(0, Number.MAX_SAFE_INTEGER),
          appointment: await bookings.appointment('apt_old'),
          appointmentsOf: await bookings.appointmentsOf(ALICE),
          appointmentsBetween: await bookings.appointmentsBetween(0, Number.MAX_SAFE_INTEGER),
          notification: (await bookings.notification('ntf_old'))?.body,
          due: (await bookings.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).map((n) => n.notificationId),
          patientSlots: await bookings.patientSlots(ALICE),
          turns: await conversations.recent(ALICE, YEARS_AHEAD + 1),
          optedOut: await optOuts.isOptedOut(ALICE),
          callbacks: (await callbacks.open()).map((callback) => callback.times),
        };
      } finally {
        await Promise.all([bookings, conversations, optOuts, callbacks].map((store) => store.close()));
      }
    }

    it('finds every record the file held under the clinic default, and none under another clinic', async () => {
      const path = versionFourFile();
      const booked = { ...appointment, version: 1 };
      expect(await recordsOf(path, DEFAULT_CLINIC_ID)).to.deep.equal({
        slot,
        slots: [slot],
        appointment: booked,
        appointmentsOf: [booked],
        appointmentsBetween: [booked],
        notification: 'Booked.',
        due: ['ntf_old'],
        patientSlots: { patient: ALICE, slotIds: [slot.slotId], version: 1 },
        turns: [turn],
        optedOut: true,
        callbacks: [3],
      });
      expect(await recordsOf(path, aNewClinicId())).to.deep.equal({
        slot: undefined,
        slots: [],
        appointment: undefined,
        appointmentsOf: [],
        appointmentsBetween: [],
        notification: undefined,
        due: [],
        patientSlots: undefined,
        turns: [],
        optedOut: false,
        callbacks: [],
      });
      expect(versionOf(path)).to.equal(LATEST_VERSION);
    });

    it("puts the clinic first in every key and index of the stores' tables, the live appointment's unique one included", async () => {
      const path = versionFourFile();
      await new SqliteOptOuts(path, CLINIC_ID).close();
      const indexes = inspect(path, (db) =>
        STORE_TABLES.flatMap((table) =>
          db
            .prepare('SELECT name, "unique", partial FROM pragma_index_list(?)')
            .all(table)
            .map((index) => ({
              table,
              name: String(index.name),
              first: db.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').get(String(index.name))!.name,
            })),
        ),
      );
      expect(indexes.map(({ name }) => name)).to.include.members([
        'slots_by_start',
        'slots_by_provider',
        'appointments_by_patient',
        'appointments_by_start',
        'one_live_appointment_per_slot',
        'notifications_due',
        'conversation_turns_by_age',
      ]);
      expect(new Set(indexes.map(({ table }) => table)), 'a primary key in every table').to.deep.equal(
        new Set(STORE_TABLES),
      );
      for (const index of indexes) expect(index.first, `${index.table}.${index.name}`).to.equal('clinic_id');
    });
  });
  describe('from version 5, before slots could be blocked', () => {
    /** A file as version 5 left it, made by its migrations, with Alice's booking and a free slot. */
    function versionFiveFile(): string {
      const path = aFile();
      const db = new DatabaseSync(path);
      for (const migration of MIGRATIONS) if (migration.version <= 5) migration.up(db);
      db.exec('PRAGMA user_version = 5');
      db.prepare(
        `INSERT INTO slots (clinic_id, slot_id, provider_id, start_ms, end_ms, status, patient, hold_expires_ms, appointment_id, version)
         VALUES (?, ?, NULL, ?, ?, 'BOOKED', ?, NULL, 'apt_old', ?)`,
      ).run(CLINIC_ID, slot.slotId, slot.start, slot.end, ALICE, slot.version);
      db.close();
      return path;
    }

    it('keeps every slot and lets one be blocked, with its reason', async () => {
      const path = versionFiveFile();
      const store = new SqliteBookingStore(path, CLINIC_ID);
      try {
        expect(await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([slot]);
        const blocked = { slotId: slot.slotId, start: slot.start, end: slot.end, status: 'BLOCKED' as const };
        const outcome = await store.commit([
          { kind: 'slot', record: { ...blocked, blockReason: 'holiday', version: slot.version } },
        ]);
        expect(outcome).to.deep.equal({ committed: true });
        expect(await store.slot(slot.slotId)).to.deep.equal({
          ...blocked,
          blockReason: 'holiday',
          version: slot.version + 1,
        });
      } finally {
        await store.close();
      }
      expect(versionOf(path)).to.equal(LATEST_VERSION);
    });

    it('keeps the clinic-first indexes of the slots table', async () => {
      const path = versionFiveFile();
      await new SqliteOptOuts(path, CLINIC_ID).close();
      const indexes = inspect(path, (db) =>
        db
          .prepare("SELECT name FROM pragma_index_list('slots') WHERE origin = 'c'")
          .all()
          .map((index) => ({
            name: String(index.name),
            columns: db
              .prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
              .all(String(index.name))
              .map((column) => String(column.name)),
          })),
      );
      expect(indexes).to.have.deep.members([
        { name: 'slots_by_start', columns: ['clinic_id', 'start_ms', 'slot_id'] },
        { name: 'slots_by_provider', columns: ['clinic_id', 'provider_id', 'start_ms', 'slot_id'] },
      ]);
    });
  });
});
