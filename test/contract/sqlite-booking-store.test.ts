import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { aBookedSlot, anAppointment, aSlot } from '../support/booking-builders.js';
import { CLINIC_ID, DEFAULT_CLINIC_ID } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { blockInAnotherProcess } from '../support/sqlite-other-process.js';
import { asAnotherServer } from '../support/sqlite-paths.js';
import { bookingStoreContract } from './booking-store.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-sqlite-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const shared = join(directory, 'clinics.sqlite');
bookingStoreContract('SQLite', async (clinicId) => new SqliteBookingStore(shared, clinicId), {
  sharedBetweenStores: true,
});

describe('SQLite booking store, listing what other connections commit', () => {
  const EVER = [0, Number.MAX_SAFE_INTEGER] as const;
  const { slotId, start, end } = aSlot();

  it('shows on the next listing a slot another process changed in the file', async () => {
    const path = join(directory, 'another-process.sqlite');
    const store = new SqliteBookingStore(path, CLINIC_ID);
    try {
      await store.addMissingSlots([aSlot({ version: 0 })]);
      expect(await store.listingBetween(...EVER)).to.deep.equal([{ slotId, start, end, status: 'AVAILABLE' }]);
      blockInAnotherProcess(path, CLINIC_ID, slotId, 'boiler repair');
      expect(await store.listingBetween(...EVER)).to.deep.equal([
        { slotId, start, end, status: 'BLOCKED', blockReason: 'boiler repair' },
      ]);
    } finally {
      await store.close();
    }
  });

  it("shows on the next listing what another connection of this process committed, a store's or not", async () => {
    const path = join(directory, 'another-connection.sqlite');
    const [ours, theirs] = [
      new SqliteBookingStore(path, CLINIC_ID),
      new SqliteBookingStore(asAnotherServer(path), CLINIC_ID),
    ];
    const bare = new DatabaseSync(asAnotherServer(asAnotherServer(path)));
    try {
      await ours.addMissingSlots([aSlot({ version: 0 })]);
      expect((await ours.listingBetween(...EVER))[0]!.status).to.equal('AVAILABLE');
      const hold = { ...aSlot(), status: 'HELD' as const, patient: ALICE, holdExpiresAt: start };
      expect(await theirs.commit([{ kind: 'slot', record: hold }])).to.deep.equal({ committed: true });
      expect(await ours.listingBetween(...EVER)).to.deep.equal([
        { slotId, start, end, status: 'HELD', holdExpiresAt: start },
      ]);
      bare.prepare("UPDATE slots SET status = 'AVAILABLE', patient = NULL, hold_expires_ms = NULL").run();
      expect(await ours.listingBetween(...EVER)).to.deep.equal([{ slotId, start, end, status: 'AVAILABLE' }]);
    } finally {
      bare.close();
      await ours.close();
      await theirs.close();
    }
  });
});

describe('SQLite booking store, on one file shared by two connections', () => {
  it('lets only one of two connections commit over the same version', async () => {
    const path = join(directory, 'shared.sqlite');
    const [first, second] = [
      new SqliteBookingStore(path, CLINIC_ID),
      new SqliteBookingStore(asAnotherServer(path), CLINIC_ID),
    ];
    try {
      await first.addMissingSlots([aSlot({ version: 0 })]);
      const read = (await second.slot(aSlot().slotId))!;
      const hold = (patient: PhoneNumber) => ({
        kind: 'slot' as const,
        record: { ...read, status: 'HELD' as const, patient, holdExpiresAt: read.start },
      });
      expect(await first.commit([hold(ALICE)])).to.deep.equal({ committed: true });
      expect(await second.commit([hold(BOB)])).to.deep.equal({
        committed: false,
        reason: 'VERSION_CONFLICT',
      });
      expect((await second.slot(read.slotId))!.patient).to.equal(ALICE);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps what was committed after the file is closed and opened again', async () => {
    const path = join(directory, 'reopened.sqlite');
    const before = new SqliteBookingStore(path, CLINIC_ID);
    await before.addMissingSlots([aSlot({ version: 0 })]);
    await before.close();
    const after = new SqliteBookingStore(path, CLINIC_ID);
    expect(await after.slot(aSlot().slotId)).to.deep.equal(aSlot({ version: 1 }));
    await after.close();
  });

  it('opens a file an earlier release wrote, whose outbox lacks the appointment version, and keeps its notifications', async () => {
    const path = join(directory, 'earlier.sqlite');
    const earlier = new DatabaseSync(path);
    earlier.exec(`CREATE TABLE notifications (notification_id TEXT PRIMARY KEY, appointment_id TEXT NOT NULL, patient TEXT NOT NULL,
      channel TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, due_ms INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')), attempts INTEGER NOT NULL,
      lease_until_ms INTEGER, sent_ms INTEGER, provider_id TEXT, last_error TEXT, version INTEGER NOT NULL) WITHOUT ROWID`);
    earlier.exec(
      `INSERT INTO notifications VALUES ('ntf_old', 'apt_1', '${ALICE}', 'sms', 'BOOKED', 'Booked.', 5, 'PENDING', 0, NULL, NULL, NULL, NULL, 1)`,
    );
    earlier.close();

    const [first, second] = [
      new SqliteBookingStore(path, DEFAULT_CLINIC_ID),
      new SqliteBookingStore(path, DEFAULT_CLINIC_ID),
    ];
    try {
      expect(await first.notification('ntf_old')).to.deep.equal({
        notificationId: 'ntf_old',
        appointmentId: 'apt_1',
        patient: ALICE,
        channel: 'sms',
        kind: 'BOOKED',
        body: 'Booked.',
        dueAt: 5,
        status: 'PENDING',
        attempts: 0,
        version: 1,
      });
      const told = {
        ...(await first.notification('ntf_old'))!,
        notificationId: 'ntf_new',
        appointmentVersion: 2,
        version: 0,
      };
      expect(await second.commit([{ kind: 'notification', record: told }])).to.deep.equal({ committed: true });
      expect(await first.notification('ntf_new')).to.deep.include({ appointmentVersion: 2 });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('reads the patient of an appointment an earlier release wrote from phone_number, and writes it back there', async () => {
    const path = join(directory, 'earlier-appointments.sqlite');
    await new SqliteBookingStore(path, CLINIC_ID).close();
    const old = anAppointment(aBookedSlot(ALICE, 'apt_old'), ALICE);
    const earlier = new DatabaseSync(path);
    earlier
      .prepare(
        `INSERT INTO appointments (clinic_id, appointment_id, slot_id, provider_id, phone_number, start_ms, end_ms, status, created_ms, updated_ms, version)
         VALUES (?, ?, ?, NULL, ?, ?, ?, 'BOOKED', ?, ?, 1)`,
      )
      .run(CLINIC_ID, 'apt_old', old.slotId, ALICE, old.start, old.end, old.createdAt, old.updatedAt);
    earlier.close();

    const store = new SqliteBookingStore(path, CLINIC_ID);
    try {
      expect(await store.appointment('apt_old')).to.deep.equal(old);
      expect(await store.appointmentsOf(ALICE)).to.deep.equal([old]);
      const cancelled = { ...old, status: 'CANCELLED' as const };
      expect(await store.commit([{ kind: 'appointment', record: cancelled }])).to.deep.equal({ committed: true });
    } finally {
      await store.close();
    }
    const later = new DatabaseSync(path);
    try {
      const rows = later.prepare('SELECT appointment_id, phone_number, status FROM appointments').all();
      expect(rows.map((row) => ({ ...row }))).to.deep.equal([
        { appointment_id: 'apt_old', phone_number: ALICE, status: 'CANCELLED' },
      ]);
      const columns = later.prepare('SELECT name FROM pragma_table_info(?)').all('appointments');
      expect(columns.map((column) => column.name))
        .to.include('phone_number')
        .and.not.include('patient');
    } finally {
      later.close();
    }
  });
});
