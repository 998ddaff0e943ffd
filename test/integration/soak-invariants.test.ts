import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import { ClientRecord } from '../../bench/soak-client-record.js';
import { checkInvariants } from '../../bench/soak-invariants.js';
import { InMemoryOptOuts } from '../../src/adapters/memory/in-memory-opt-outs.js';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { AsyncLogContext } from '../../src/adapters/system/async-log-context.js';
import { DispatchNotifications } from '../../src/application/dispatch-notifications.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { SlotId } from '../../src/domain/slot.js';
import { bookingUseCases } from '../support/booking-use-cases.js';
import { aClinic } from '../support/clinic-builder.js';
import { FixedClock } from '../support/fixed-clock.js';
import { ALICE, BOB, CAROL } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { silentLogger } from '../support/test-server.js';
import { MONDAY_8AM } from '../support/times.js';
import { whatsappWindowsOf } from '../support/whatsapp-windows.js';

const TUESDAY_9 = '2026-03-03T0900' as SlotId;
const TUESDAY_930 = '2026-03-03T0930' as SlotId;
const WEDNESDAY_9 = '2026-03-04T0900' as SlotId;
const WEDNESDAY_10 = '2026-03-04T1000' as SlotId;
const THURSDAY_11 = '2026-03-05T1100' as SlotId;

/**
 * The soak's invariant check (bench/soak-invariants.ts) on a SQLite file the use cases wrote, as a
 * soak's server would: it passes the file as written, and fails each kind of damage planted in it.
 */
describe("the soak's invariant check", () => {
  let directory: string;
  let file: string;
  let record: ClientRecord;
  const ids: Record<string, string> = {};

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'soak-invariants-'));
    file = join(directory, 'soak.sqlite');
    const clock = new FixedClock(MONDAY_8AM);
    const clinic = aClinic();
    const store = new SqliteBookingStore(file, clinic.id);
    const useCases = bookingUseCases(store, clock, clinic);
    await new PublishSlots(store, clock, clinic).execute();
    record = new ClientRecord();
    const book = async (slotId: SlotId, patient: PhoneNumber) => {
      await useCases.holdSlot.execute(slotId, patient);
      const booked = await useCases.confirmAppointment.execute(slotId, patient, 'api');
      if (!booked.ok) throw new Error(booked.error.code);
      record.confirmed(booked.value.appointmentId, patient, slotId);
      return booked.value.appointmentId;
    };
    ids.alice = await book(TUESDAY_9, ALICE);
    ids.bob = await book(TUESDAY_930, BOB);
    ids.carol = await book(WEDNESDAY_9, CAROL);
    await useCases.cancelAppointment.execute(ids.bob, BOB);
    record.cancelled(ids.bob, true);
    await useCases.rescheduleAppointment.execute(ids.carol, CAROL, WEDNESDAY_10);
    record.moved(ids.carol, WEDNESDAY_10, true);
    await useCases.holdSlot.execute(THURSDAY_11, ALICE);
    await new DispatchNotifications(
      store,
      new RecordingMessenger(),
      new InMemoryOptOuts(),
      clock,
      silentLogger,
      new AsyncLogContext(),
      whatsappWindowsOf(clinic),
    ).execute();
    await store.close();
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const check = () =>
    checkInvariants(file, { confirmed: record.expected, loadEndedAt: MONDAY_8AM, stoppedAt: MONDAY_8AM });
  const failed = () => check().filter((verdict) => !verdict.passed);
  function plant(sql: string) {
    const db = new DatabaseSync(file);
    db.exec(sql);
    db.close();
  }

  it('passes the file as the use cases wrote it, its outbox sent', () => {
    expect(failed()).to.deep.equal([]);
    expect(check().map((verdict) => verdict.name)).to.have.length(6);
  });

  it('fails a slot booked twice', () => {
    // The partial unique index would refuse the twin: a store that lost it is what the check is for.
    plant(`DROP INDEX one_live_appointment_per_slot;
      INSERT INTO appointments SELECT clinic_id, 'apt_twin', slot_id, provider_id, '${BOB}', start_ms, end_ms, status, created_ms, updated_ms, version, channel
      FROM appointments WHERE appointment_id = '${ids.alice}'`);
    expect(failed().map((verdict) => verdict.name)).to.include('no slot booked twice');
  });

  it('fails a confirm a client was answered 201 for whose appointment is gone', () => {
    plant(`DELETE FROM appointments WHERE appointment_id = '${ids.alice}'`);
    const [verdict] = failed().filter(({ name }) => name === 'every confirm answered 201 has its appointment');
    expect(verdict?.detail).to.include(`${ids.alice} is missing`);
  });

  it('fails an appointment still booked after its patient was answered that it is cancelled', () => {
    record.cancelled(ids.alice, true);
    const [verdict] = failed();
    expect(verdict?.detail).to.include(`${ids.alice} is BOOKED, expected CANCELLED`);
  });

  it('fails an appointment without its confirmation in the outbox', () => {
    plant(`DELETE FROM notifications WHERE appointment_id = '${ids.alice}' AND kind = 'BOOKED'`);
    expect(failed().map((verdict) => verdict.name)).to.deep.equal([
      'every appointment has its confirmation, and every change its text, in the outbox',
    ]);
  });

  it('fails a move whose text was never written', () => {
    plant(`DELETE FROM notifications WHERE appointment_id = '${ids.carol}' AND kind = 'MOVED'`);
    expect(failed().map((verdict) => verdict.detail)).to.deep.equal([
      `1 wrong (3 appointments, 4 texts of their changes): ${ids.carol} (version 2) has [BOOKED:1], expected [BOOKED:1 MOVED:2]`,
    ]);
  });

  it('fails a confirmation due and never claimed by the dispatcher', () => {
    plant(`UPDATE notifications SET status = 'PENDING', sent_ms = NULL WHERE appointment_id = '${ids.alice}'
      AND kind = 'BOOKED'`);
    expect(failed().map((verdict) => verdict.name)).to.deep.equal(['the outbox was sent']);
  });

  it('fails a booked slot whose appointment was never written', () => {
    plant(`UPDATE slots SET status = 'BOOKED', patient = '${CAROL}', appointment_id = 'apt_lost'
      WHERE slot_id = '2026-03-05T0900'`);
    const [verdict] = failed();
    expect(verdict?.name).to.equal('nothing half-written');
    expect(verdict?.detail).to.include('booked slot without its appointment: 2026-03-05T0900');
  });

  it("fails a hold missing from its patient's record, which the limits count", () => {
    plant(`UPDATE patient_slots SET slot_ids = '["${TUESDAY_9}"]' WHERE patient = '${ALICE}'`);
    const [verdict] = failed();
    expect(verdict?.detail).to.include(`slot taken but not on its patient's record: ${THURSDAY_11}`);
  });
});
