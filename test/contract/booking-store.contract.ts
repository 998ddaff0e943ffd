import { expect } from 'chai';
import type { Appointment } from '../../src/domain/appointment.js';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { Notification } from '../../src/domain/notification.js';
import type { PatientSlots } from '../../src/domain/patient-limits.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { Slot, SlotId } from '../../src/domain/slot.js';
import type { BookingStore, CommitOutcome, ListableSlot } from '../../src/ports/booking-store.js';
import { anAppointment, aSlot } from '../support/booking-builders.js';
import { aNewClinicId } from '../support/clinic-builder.js';
import { ALICE, ALICE_PLUS_ONE_DIGIT, aCrowdOf, BOB } from '../support/patients.js';
import { bookingStoreProperties } from './booking-store.properties.js';

/**
 * The store of one clinic. Stores made for two clinics in one test are over the same storage (one
 * SQLite file, one set of DynamoDB tables), so that each sees only its own clinic's records there.
 */
export type StoreFactory = (clinicId: ClinicId) => Promise<BookingStore>;

const HOUR = 3_600_000;

/** Slots one hour apart from Monday 09:00 New York time, as generation would add them. */
function slotsFromNine(count: number, providerId?: string): Slot[] {
  return Array.from({ length: count }, (_, i) => {
    const base = aSlot();
    const hour = String(9 + i).padStart(2, '0');
    return {
      ...base,
      slotId: `2026-03-02T${hour}00${providerId ? `-${providerId}` : ''}` as SlotId,
      ...(providerId ? { providerId } : {}),
      start: base.start + i * HOUR,
      end: base.end + i * HOUR,
      version: 0,
    };
  });
}

const held = (slot: Slot, patient: PhoneNumber, version: number): Slot => ({
  ...slot,
  status: 'HELD',
  patient,
  holdExpiresAt: slot.start - HOUR,
  version,
});

/**
 * What every BookingStore must do, whatever engine is behind it. Each test works in a clinic of its
 * own, new to the storage, so the store `makeStore` gives for it starts empty.
 */
export interface ContractOptions {
  propertyRuns?: number;
  /** Two stores made for one clinic are over the same records, as two servers' are: what one commits, the other reads. */
  sharedBetweenStores?: boolean;
}

/** What a listing shows of a stored slot: the listing contract compares stores' answers with this. */
function listable({ slotId, providerId, start, end, status, holdExpiresAt, blockReason }: Slot): ListableSlot {
  return {
    slotId,
    start,
    end,
    status,
    ...(providerId === undefined ? {} : { providerId }),
    ...(holdExpiresAt === undefined ? {} : { holdExpiresAt }),
    ...(blockReason === undefined ? {} : { blockReason }),
  };
}

export function bookingStoreContract(name: string, makeStore: StoreFactory, options: ContractOptions = {}) {
  describe(`${name} booking store (contract)`, () => {
    let store: BookingStore;
    const opened: BookingStore[] = [];
    const aStoreOf = async (clinicId: ClinicId) => {
      const made = await makeStore(clinicId);
      opened.push(made);
      return made;
    };
    beforeEach(async () => {
      store = await aStoreOf(aNewClinicId());
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.close()));
    });

    describe('readiness', () => {
      it('is ready once made, before anything is stored', async () => {
        await store.ready();
      });
    });

    describe('reads', () => {
      it('finds nothing it was never given', async () => {
        expect(await store.slot('2026-03-02T0900' as SlotId)).to.equal(undefined);
        expect(await store.appointment('apt_missing')).to.equal(undefined);
        expect(await store.appointmentsOf(ALICE)).to.deep.equal([]);
        expect(await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([]);
      });

      it('adds generated slots at version 1 and reads them back field for field', async () => {
        const [nine, ten] = slotsFromNine(2, 'dr-lee');
        expect(await store.addMissingSlots([nine!, ten!])).to.equal(2);
        expect(await store.slot(nine!.slotId)).to.deep.equal({ ...nine, version: 1 });
      });

      it('lists slots starting in a half-open range, in time order then by id', async () => {
        const plain = slotsFromNine(4);
        const lee = slotsFromNine(4, 'dr-lee');
        await store.addMissingSlots([...lee, ...plain].reverse());
        const listed = await store.slotsBetween(plain[3]!.start, plain[1]!.start);
        expect(listed).to.deep.equal([]);
        const range = await store.slotsBetween(plain[1]!.start, plain[3]!.start);
        expect(range.map((s) => s.slotId)).to.deep.equal([
          '2026-03-02T1000',
          '2026-03-02T1000-dr-lee',
          '2026-03-02T1100',
          '2026-03-02T1100-dr-lee',
        ]);
      });

      it("lists only one provider's slots in a range when asked, in time order", async () => {
        await store.addMissingSlots(
          [...slotsFromNine(3, 'dr-patel'), ...slotsFromNine(3), ...slotsFromNine(3, 'dr-lee')].reverse(),
        );
        const [nine, , eleven] = slotsFromNine(3);
        const lee = await store.slotsBetween(nine!.start, eleven!.start, 'dr-lee');
        expect(lee.map((s) => s.slotId)).to.deep.equal(['2026-03-02T0900-dr-lee', '2026-03-02T1000-dr-lee']);
        expect(await store.slotsBetween(nine!.start, eleven!.end, 'dr-nobody')).to.deep.equal([]);
      });

      it('adds only missing slots and never resets one that is held or booked', async () => {
        const [nine, ten] = slotsFromNine(2);
        await store.addMissingSlots([nine!]);
        expect(await store.commit([{ kind: 'slot', record: held({ ...nine!, version: 1 }, ALICE, 1) }])).to.deep.equal({
          committed: true,
        });
        expect(await store.addMissingSlots([nine!, ten!])).to.equal(1);
        expect(await store.slot(nine!.slotId)).to.deep.equal(held({ ...nine!, version: 2 }, ALICE, 2));
      });

      it('adds each slot once when generation runs twice at the same moment', async () => {
        const slots = slotsFromNine(5);
        const added = await Promise.all([store.addMissingSlots(slots), store.addMissingSlots(slots)]);
        expect(added[0] + added[1]).to.equal(5);
        expect(await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.have.length(5);
      });

      it('lists only the asking patient appointments, in time order, cancelled ones included', async () => {
        const slots = slotsFromNine(3);
        await store.addMissingSlots(slots);
        const later = anAppointment(slots[2]!, ALICE, { appointmentId: 'apt_a2', version: 0 });
        const earlier = anAppointment(slots[0]!, ALICE, { appointmentId: 'apt_a1', status: 'CANCELLED', version: 0 });
        const bobs = anAppointment(slots[1]!, BOB, { appointmentId: 'apt_b1', version: 0 });
        for (const appointment of [later, earlier, bobs]) {
          expect(await store.commit([{ kind: 'appointment', record: appointment }])).to.deep.equal({ committed: true });
        }
        const alices = await store.appointmentsOf(ALICE);
        expect(alices.map((a) => a.appointmentId)).to.deep.equal(['apt_a1', 'apt_a2']);
        expect(alices[1]).to.deep.equal({ ...later, version: 1 });
        expect((await store.appointmentsOf(BOB)).map((a) => a.appointmentId)).to.deep.equal(['apt_b1']);
      });

      it("lists every patient's appointments starting in a half-open range, by start then id, cancelled ones included", async () => {
        const slots = slotsFromNine(4);
        await store.addMissingSlots(slots);
        const appointments = [
          anAppointment(slots[3]!, ALICE, { appointmentId: 'apt_late', version: 0 }),
          anAppointment(slots[1]!, BOB, { appointmentId: 'apt_b', status: 'CANCELLED', version: 0 }),
          anAppointment(slots[1]!, ALICE, { appointmentId: 'apt_a', version: 0 }),
          anAppointment(slots[0]!, BOB, { appointmentId: 'apt_early', version: 0 }),
        ];
        for (const appointment of appointments) {
          expect(await store.commit([{ kind: 'appointment', record: appointment }])).to.deep.equal({ committed: true });
        }
        const listed = await store.appointmentsBetween(slots[1]!.start, slots[3]!.start);
        expect(listed.map((a) => a.appointmentId)).to.deep.equal(['apt_a', 'apt_b']);
        expect(listed[1]).to.deep.equal({ ...appointments[1], version: 1 });
        expect(await store.appointmentsBetween(slots[3]!.start, slots[3]!.start)).to.deep.equal([]);
      });
      it('keeps where an appointment was booked through a move and a cancellation, and leaves it out where none was recorded', async () => {
        const slots = slotsFromNine(3);
        await store.addMissingSlots(slots);
        const byVoice = anAppointment(slots[0]!, ALICE, { appointmentId: 'apt_voice', channel: 'voice', version: 0 });
        const older = anAppointment(slots[1]!, BOB, { appointmentId: 'apt_older', version: 0 });
        for (const appointment of [byVoice, older]) {
          expect(await store.commit([{ kind: 'appointment', record: appointment }])).to.deep.equal({ committed: true });
        }
        const moved = { ...byVoice, start: slots[2]!.start, end: slots[2]!.end, slotId: slots[2]!.slotId, version: 1 };
        expect(await store.commit([{ kind: 'appointment', record: moved }])).to.deep.equal({ committed: true });
        const cancelled = { ...moved, status: 'CANCELLED' as const, version: 2 };
        expect(await store.commit([{ kind: 'appointment', record: cancelled }])).to.deep.equal({ committed: true });

        expect(await store.appointment('apt_voice')).to.deep.equal({ ...cancelled, version: 3 });
        expect((await store.appointmentsBetween(0, Number.MAX_SAFE_INTEGER)).map((a) => a.channel)).to.deep.equal([
          undefined,
          'voice',
        ]);
        expect(await store.appointment('apt_older')).to.not.have.property('channel');
      });
    });

    describe('listings', () => {
      const EVER: [number, number] = [0, Number.MAX_SAFE_INTEGER];
      const listed = async (of: BookingStore = store, providerId?: string) => of.listingBetween(...EVER, providerId);
      const stored = async (providerId?: string) => (await store.slotsBetween(...EVER, providerId)).map(listable);
      const current = async (slot: Slot) => (await store.slot(slot.slotId))!;

      it('shows what slotsBetween finds, in its order, but not who holds or booked a slot, nor its version', async () => {
        const [nine, ten, eleven] = slotsFromNine(3);
        const [leeNine, leeTen] = slotsFromNine(2, 'dr-lee');
        await store.addMissingSlots([eleven!, leeTen!, ten!, leeNine!, nine!]);
        const booked: Slot = { ...nine!, status: 'BOOKED', patient: BOB, appointmentId: 'apt_1', version: 1 };
        const blocked: Slot = { ...ten!, status: 'BLOCKED', blockReason: 'staff training', version: 1 };
        for (const record of [booked, blocked, held({ ...leeNine!, version: 1 }, ALICE, 1)])
          expect(await store.commit([{ kind: 'slot', record }])).to.deep.equal({ committed: true });

        expect(await listed()).to.deep.equal(await stored());
        expect((await listed()).map((slot) => slot.slotId)).to.deep.equal([
          '2026-03-02T0900',
          '2026-03-02T0900-dr-lee',
          '2026-03-02T1000',
          '2026-03-02T1000-dr-lee',
          '2026-03-02T1100',
        ]);
        expect(await listed(store, 'dr-lee')).to.deep.equal(await stored('dr-lee'));
        expect(await store.listingBetween(ten!.start, eleven!.start)).to.deep.equal(
          (await store.slotsBetween(ten!.start, eleven!.start)).map(listable),
        );
        expect(await listed(store, 'dr-nobody')).to.deep.equal([]);
        for (const slot of await listed()) expect(slot).to.not.have.any.keys('patient', 'appointmentId', 'version');
      });

      it('answers listings nobody can change, so that one may be answered again', async () => {
        await store.addMissingSlots(slotsFromNine(2));
        const listing = await listed();
        expect(Object.isFrozen(listing)).to.equal(true);
        for (const slot of listing) expect(Object.isFrozen(slot)).to.equal(true);
      });

      it('shows each change on the next listing, however lately the same listing was read', async () => {
        const [nine, ten] = slotsFromNine(2);
        await store.addMissingSlots([nine!]);
        expect(await listed()).to.deep.equal(await stored());
        expect(await store.addMissingSlots([ten!])).to.equal(1);
        expect((await listed()).map((slot) => slot.slotId)).to.deep.equal([nine!.slotId, ten!.slotId]);

        const as = ({ slotId, start, end, version }: Slot) => ({ slotId, start, end, version });
        const steps: ((slot: Slot) => Slot)[] = [
          (slot) => ({ ...as(slot), status: 'HELD', patient: ALICE, holdExpiresAt: slot.start - HOUR }),
          (slot) => ({ ...as(slot), status: 'BOOKED', patient: ALICE, appointmentId: 'apt_1' }),
          (slot) => ({ ...as(slot), status: 'AVAILABLE' }),
          (slot) => ({ ...as(slot), status: 'BLOCKED', blockReason: 'holiday' }),
        ];
        for (const step of steps) {
          await listed();
          const record = step(await current(nine!));
          expect(await store.commit([{ kind: 'slot', record }])).to.deep.equal({ committed: true });
          expect((await listed())[0], record.status).to.deep.equal(listable(await current(nine!)));
        }
        await listed();
        expect(await store.commit([{ kind: 'slot-retired', record: await current(nine!) }])).to.deep.equal({
          committed: true,
        });
        expect((await listed()).map((slot) => slot.slotId)).to.deep.equal([ten!.slotId]);
      });

      it('answers the same listing again while nothing in it changes, or else a new one', async () => {
        const [nine] = slotsFromNine(1);
        await store.addMissingSlots([nine!]);
        const first = await listed();
        expect(await listed()).to.deep.equal(first);
        await store.commit([{ kind: 'slot', record: held(await current(nine!), ALICE, 1) }]);
        const after = await listed();
        expect(after).to.not.equal(first);
        expect(after[0]!.status).to.equal('HELD');
      });

      if (options.sharedBetweenStores) {
        it("shows on the next listing what another store of the clinic committed, as another server's", async () => {
          const clinicId = aNewClinicId();
          const [ours, theirs] = [await aStoreOf(clinicId), await aStoreOf(clinicId)];
          const [nine] = slotsFromNine(1);
          await ours.addMissingSlots([nine!]);
          expect((await listed(ours))[0]!.status).to.equal('AVAILABLE');
          const read = (await theirs.slot(nine!.slotId))!;
          expect(await theirs.commit([{ kind: 'slot', record: held(read, ALICE, read.version) }])).to.deep.equal({
            committed: true,
          });
          expect((await listed(ours))[0]).to.deep.equal(listable((await theirs.slot(nine!.slotId))!));
          await theirs.addMissingSlots(slotsFromNine(2));
          expect(await listed(ours)).to.have.length(2);
        });
      }
    });

    describe('versioned commits', () => {
      let nine: Slot;
      let appointment: Appointment;
      beforeEach(async () => {
        [nine] = slotsFromNine(1);
        await store.addMissingSlots([nine!]);
        nine = (await store.slot(nine!.slotId))!;
        appointment = anAppointment({ ...nine, appointmentId: 'apt_1' }, ALICE, { version: 0 });
      });

      it('writes a record read at its current version and moves it to the next one', async () => {
        expect(await store.commit([{ kind: 'slot', record: held(nine, ALICE, 1) }])).to.deep.equal({ committed: true });
        expect((await store.slot(nine.slotId))!.version).to.equal(2);
      });

      it('refuses a record read at an older version and keeps what is stored', async () => {
        await store.commit([{ kind: 'slot', record: held(nine, ALICE, 1) }]);
        expect(await store.commit([{ kind: 'slot', record: held(nine, BOB, 1) }])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
        expect((await store.slot(nine.slotId))!.patient).to.equal(ALICE);
      });

      it('creates a new record only if none exists under its id', async () => {
        expect(await store.commit([{ kind: 'appointment', record: appointment }])).to.deep.equal({ committed: true });
        const again = await store.commit([{ kind: 'appointment', record: { ...appointment, patient: BOB } }]);
        expect(again).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
        expect((await store.appointment('apt_1'))!.patient).to.equal(ALICE);
      });

      it('refuses a slot that does not exist yet when it is given as existing', async () => {
        const [, ten] = slotsFromNine(2);
        expect(await store.commit([{ kind: 'slot', record: { ...ten!, version: 1 } }])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
      });

      it('writes all records of a commit or none of them', async () => {
        const booked: Slot = { ...nine, status: 'BOOKED', patient: ALICE, appointmentId: 'apt_1' };
        await store.commit([{ kind: 'slot', record: held(nine, BOB, 1) }]);
        const outcome = await store.commit([
          { kind: 'appointment', record: appointment },
          { kind: 'slot', record: booked },
        ]);
        expect(outcome).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
        expect(await store.appointment('apt_1')).to.equal(undefined);
        expect((await store.slot(nine.slotId))!.patient).to.equal(BOB);
      });

      it('lets exactly one of many simultaneous commits on one record win', async () => {
        const patients = aCrowdOf(25);
        const outcomes = await Promise.all(
          patients.map((patient) => store.commit([{ kind: 'slot', record: held(nine, patient, 1) }])),
        );
        const winners = outcomes.flatMap((outcome, i) => (outcome.committed ? [patients[i]] : []));
        expect(winners).to.have.length(1);
        expect((await store.slot(nine.slotId))!).to.include({ patient: winners[0], version: 2 });
      });
    });

    describe('blocked time', () => {
      let nine: Slot;
      const blocked = (slot: Slot, version: number, blockReason?: string): Slot => ({
        slotId: slot.slotId,
        start: slot.start,
        end: slot.end,
        status: 'BLOCKED',
        ...(blockReason ? { blockReason } : {}),
        version,
      });
      beforeEach(async () => {
        [nine] = slotsFromNine(1);
        await store.addMissingSlots([nine!]);
        nine = (await store.slot(nine!.slotId))!;
      });

      it('reads a blocked slot back with its reason, by id and in a listing', async () => {
        expect(await store.commit([{ kind: 'slot', record: blocked(nine, 1, 'staff training') }])).to.deep.equal({
          committed: true,
        });
        const expected = blocked(nine, 2, 'staff training');
        expect(await store.slot(nine.slotId)).to.deep.equal(expected);
        expect(await store.slotsBetween(nine.start, nine.end)).to.deep.equal([expected]);
      });

      it('drops the reason when the slot is unblocked', async () => {
        await store.commit([{ kind: 'slot', record: blocked(nine, 1, 'staff training') }]);
        const { blockReason: _reason, ...unblocked } = {
          ...blocked(nine, 2, 'staff training'),
          status: 'AVAILABLE' as const,
        };
        expect(await store.commit([{ kind: 'slot', record: unblocked }])).to.deep.equal({ committed: true });
        expect(await store.slot(nine.slotId)).to.deep.equal({ ...unblocked, version: 3 });
      });

      it('stores slots missing from the schedule blocked, as given, and keeps a stored one as it is', async () => {
        const [, ten, eleven] = slotsFromNine(3);
        await store.addMissingSlots([ten!]);
        const added = await store.addMissingSlots([blocked(nine, 0), blocked(ten!, 0), blocked(eleven!, 0, 'holiday')]);
        expect(added).to.equal(1);
        expect((await store.slotsBetween(nine.start, eleven!.end)).map((slot) => slot.status)).to.deep.equal([
          'AVAILABLE',
          'AVAILABLE',
          'BLOCKED',
        ]);
        expect(await store.slot(eleven!.slotId)).to.deep.equal(blocked(eleven!, 1, 'holiday'));
      });

      it('refuses a block over a version a hold has moved on, and keeps the hold', async () => {
        await store.commit([{ kind: 'slot', record: held(nine, ALICE, 1) }]);
        expect(await store.commit([{ kind: 'slot', record: blocked(nine, 1) }])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
        expect(await store.slot(nine.slotId)).to.include({ status: 'HELD', patient: ALICE });
      });

      it('lets exactly one of a block and a hold racing for a slot win', async () => {
        const [block, hold] = await Promise.all([
          store.commit([{ kind: 'slot', record: blocked(nine, 1, 'holiday') }]),
          store.commit([{ kind: 'slot', record: held(nine, ALICE, 1) }]),
        ]);
        expect([block.committed, hold.committed].filter(Boolean)).to.have.length(1);
        expect((await store.slot(nine.slotId))!.status).to.equal(block.committed ? 'BLOCKED' : 'HELD');
      });
    });

    describe('retiring a slot', () => {
      let nine: Slot;
      let ten: Slot;
      const retire = (slot: Slot) => ({ kind: 'slot-retired' as const, record: slot });
      beforeEach(async () => {
        await store.addMissingSlots(slotsFromNine(2));
        [nine, ten] = (await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)) as [Slot, Slot];
      });

      it('removes a slot at the version it was read at: it is read and listed no more', async () => {
        expect(await store.commit([retire(nine)])).to.deep.equal({ committed: true });
        expect(await store.slot(nine.slotId)).to.equal(undefined);
        expect(await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([ten]);
        expect(await store.commit([retire(nine)]), 'a slot retired already').to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
      });

      it('keeps a slot that changed since it was read, and says so', async () => {
        await store.commit([{ kind: 'slot', record: held(nine, ALICE, 1) }]);
        expect(await store.commit([retire(nine)])).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
        expect(await store.slot(nine.slotId)).to.include({ patient: ALICE, version: 2 });
      });

      it('retires a slot all or nothing with the other writes of its commit', async () => {
        const stale = { kind: 'slot' as const, record: held({ ...ten, version: 7 }, ALICE, 7) };
        expect(await store.commit([retire(nine), stale])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
        expect(await store.slot(nine.slotId)).to.deep.equal(nine);
        const hold = { kind: 'slot' as const, record: held(ten, ALICE, 1) };
        expect(await store.commit([hold, retire({ ...nine, version: 5 })])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
        expect(await store.slot(ten.slotId)).to.deep.equal(ten);
        expect(await store.commit([retire(nine), hold])).to.deep.equal({ committed: true });
        expect(await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([held(ten, ALICE, 2)]);
      });

      it('lets either a hold or the retirement of a slot read at one version win, never both', async () => {
        const outcomes = await Promise.all([
          store.commit([{ kind: 'slot', record: held(nine, ALICE, 1) }]),
          store.commit([retire(nine)]),
        ]);
        expect(outcomes.filter((outcome) => outcome.committed)).to.have.length(1);
        const kept = await store.slot(nine.slotId);
        expect(kept === undefined ? 'retired' : 'held').to.equal(outcomes[0]!.committed ? 'held' : 'retired');
      });
    });

    describe("a patient's taken slots", () => {
      const record = (patient: PhoneNumber, slotIds: string[], version: number): PatientSlots => ({
        patient,
        slotIds: slotIds as SlotId[],
        version,
      });
      const write = (value: PatientSlots) => ({ kind: 'patientSlots' as const, record: value });

      it('has none for a patient who has taken nothing', async () => {
        expect(await store.patientSlots(ALICE)).to.equal(undefined);
      });

      it('creates the record once, then changes it only over the version read, ids in order', async () => {
        const first = record(ALICE, ['2026-03-02T1000', '2026-03-02T0900'], 0);
        expect(await store.commit([write(first)])).to.deep.equal({ committed: true });
        expect(await store.patientSlots(ALICE)).to.deep.equal({ ...first, version: 1 });
        expect(await store.commit([write(record(ALICE, ['2026-03-02T1100'], 0))])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
        expect(await store.commit([write(record(ALICE, [], 1))])).to.deep.equal({ committed: true });
        expect(await store.patientSlots(ALICE)).to.deep.equal(record(ALICE, [], 2));
      });

      it('is written with a hold all or nothing', async () => {
        const [nine] = slotsFromNine(1);
        await store.addMissingSlots([nine!]);
        await store.commit([write(record(ALICE, [], 0))]);
        const stale = [
          write(record(ALICE, [nine!.slotId], 0)),
          { kind: 'slot' as const, record: held({ ...nine!, version: 1 }, ALICE, 1) },
        ];
        expect(await store.commit(stale)).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
        expect((await store.slot(nine!.slotId))!.status).to.equal('AVAILABLE');
        const current = [write(record(ALICE, [nine!.slotId], 1)), stale[1]!];
        expect(await store.commit(current)).to.deep.equal({ committed: true });
        expect(await store.patientSlots(ALICE)).to.deep.equal(record(ALICE, [nine!.slotId], 2));
        expect((await store.slot(nine!.slotId))!.patient).to.equal(ALICE);
      });

      it("keeps each patient's apart, even a number that starts with another's", async () => {
        await store.commit([write(record(ALICE, ['2026-03-02T0900'], 0))]);
        await store.commit([write(record(ALICE_PLUS_ONE_DIGIT, ['2026-03-02T1000'], 0))]);
        expect((await store.patientSlots(ALICE))!.slotIds).to.deep.equal(['2026-03-02T0900']);
        expect((await store.patientSlots(ALICE_PLUS_ONE_DIGIT))!.slotIds).to.deep.equal(['2026-03-02T1000']);
        expect(await store.patientSlots(BOB)).to.equal(undefined);
        expect(await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([]);
      });

      it('lets exactly one of many simultaneous first records of a patient win', async () => {
        const outcomes = await Promise.all(
          ['0900', '1000', '1100', '1200'].map((time) =>
            store.commit([write(record(ALICE, [`2026-03-02T${time}`], 0))]),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.committed)).to.have.length(1);
        expect((await store.patientSlots(ALICE))!.version).to.equal(1);
      });

      it('hands out copies', async () => {
        await store.commit([write(record(ALICE, ['2026-03-02T0900'], 0))]);
        (await store.patientSlots(ALICE))!.slotIds.push('2026-03-02T1000' as SlotId);
        expect((await store.patientSlots(ALICE))!.slotIds).to.deep.equal(['2026-03-02T0900']);
      });
    });

    describe('notifications (the outbox)', () => {
      const owed = (id: string, dueAt: number, overrides: Partial<Notification> = {}): Notification => ({
        notificationId: id,
        appointmentId: 'apt_1',
        patient: ALICE,
        channel: 'sms',
        kind: 'BOOKED',
        body: 'Booked: Monday 2 March at 09:00.',
        dueAt,
        status: 'PENDING',
        attempts: 0,
        version: 0,
        ...overrides,
      });
      const write = (record: Notification) => ({ kind: 'notification' as const, record });

      it('stores a notification in the same commit as a booking, all or nothing', async () => {
        const [nine] = slotsFromNine(1);
        await store.addMissingSlots([nine!]);
        const stale = { kind: 'slot' as const, record: held({ ...nine!, version: 7 }, ALICE, 7) };
        expect(await store.commit([write(owed('ntf_lost', 1)), stale])).to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });
        expect(await store.notification('ntf_lost')).to.equal(undefined);
        const current = { kind: 'slot' as const, record: held({ ...nine!, version: 1 }, ALICE, 1) };
        expect(await store.commit([write(owed('ntf_1', 1)), current])).to.deep.equal({ committed: true });
        expect(await store.notification('ntf_1')).to.deep.equal({ ...owed('ntf_1', 1), version: 1 });
      });

      it('keeps the appointment version a notification tells of, and leaves it out where none was given', async () => {
        await store.commit([write(owed('ntf_told', 1, { appointmentVersion: 3 })), write(owed('ntf_plain', 1))]);
        expect(await store.notification('ntf_told')).to.deep.equal({
          ...owed('ntf_told', 1, { appointmentVersion: 3 }),
          version: 1,
        });
        expect(await store.notification('ntf_plain')).to.deep.equal({ ...owed('ntf_plain', 1), version: 1 });
      });

      it('lists pending notifications due by now, earliest first, up to the limit', async () => {
        await store.commit([
          write(owed('ntf_b', 200)),
          write(owed('ntf_a', 100)),
          write(owed('ntf_c', 300)),
          write(owed('ntf_later', 5_000)),
        ]);
        await store.commit([write(owed('ntf_sent', 50, { status: 'SENT', sentAt: 60, providerId: 'SM1' }))]);
        expect((await store.dueNotifications(1_000, 10)).map((n) => n.notificationId)).to.deep.equal([
          'ntf_a',
          'ntf_b',
          'ntf_c',
        ]);
        expect((await store.dueNotifications(1_000, 2)).map((n) => n.notificationId)).to.deep.equal(['ntf_a', 'ntf_b']);
      });

      it('leaves out a notification leased by a dispatcher until its lease runs out', async () => {
        await store.commit([write(owed('ntf_1', 100, { leaseUntil: 2_000, attempts: 1 }))]);
        expect(await store.dueNotifications(1_000, 10)).to.deep.equal([]);
        expect((await store.dueNotifications(2_000, 10)).map((n) => n.notificationId)).to.deep.equal(['ntf_1']);
      });

      it('lets exactly one of two dispatchers claim a notification', async () => {
        await store.commit([write(owed('ntf_1', 100))]);
        const [seen] = await store.dueNotifications(1_000, 10);
        const claim = () => store.commit([write({ ...seen!, leaseUntil: 61_000, attempts: 1 })]);
        const outcomes = await Promise.all([claim(), claim()]);
        expect(outcomes.filter((o) => o.committed)).to.have.length(1);
        expect(await store.notification('ntf_1')).to.include({ leaseUntil: 61_000, attempts: 1, version: 2 });
      });

      it('keeps a sent notification, with its provider id, out of the due list for good', async () => {
        await store.commit([write(owed('ntf_1', 100))]);
        const stored = (await store.notification('ntf_1'))!;
        const { leaseUntil: _lease, ...sent } = {
          ...stored,
          status: 'SENT' as const,
          sentAt: 150,
          providerId: 'SM123',
        };
        expect(await store.commit([write(sent)])).to.deep.equal({ committed: true });
        expect(await store.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).to.deep.equal([]);
        expect(await store.notification('ntf_1')).to.deep.include({
          status: 'SENT',
          providerId: 'SM123',
          sentAt: 150,
          version: 2,
        });
      });
    });

    describe('isolation', () => {
      it('hands out copies: changing a record read does not change the store', async () => {
        await store.addMissingSlots(slotsFromNine(1));
        const [nine] = await store.slotsBetween(0, Number.MAX_SAFE_INTEGER);
        nine!.status = 'BOOKED';
        expect((await store.slot(nine!.slotId))!.status).to.equal('AVAILABLE');
      });
    });

    describe('clinics sharing the storage', () => {
      const [nine, ten] = slotsFromNine(2, 'dr-lee');
      const message = (body: string): Notification => ({
        notificationId: 'ntf_1',
        appointmentId: 'apt_1',
        patient: ALICE,
        channel: 'sms',
        kind: 'BOOKED',
        body,
        dueAt: 100,
        status: 'PENDING',
        attempts: 0,
        version: 0,
      });
      /** Alice booking the 9:00, with the same ids in every clinic; `createdAt` and the text tell clinics apart. */
      const alicesBooking = (createdAt: number, body: string) => {
        const slot: Slot = { ...nine!, status: 'BOOKED', patient: ALICE, appointmentId: 'apt_1', version: 1 };
        const appointment = anAppointment(slot, ALICE, {
          appointmentId: 'apt_1',
          createdAt,
          updatedAt: createdAt,
          version: 0,
        });
        const taken: PatientSlots = { patient: ALICE, slotIds: [nine!.slotId], version: 0 };
        return {
          writes: [
            { kind: 'slot' as const, record: slot },
            { kind: 'appointment' as const, record: appointment },
            { kind: 'patientSlots' as const, record: taken },
            { kind: 'notification' as const, record: message(body) },
          ],
          stored: {
            slot: { ...slot, version: 2 },
            appointment: { ...appointment, version: 1 },
            taken: { ...taken, version: 1 },
            notification: { ...message(body), version: 1 },
          },
        };
      };

      it("never reads, lists, counts or commits over another clinic's records, though slot ids, record ids and patients repeat", async () => {
        const other = await aStoreOf(aNewClinicId());
        expect(await store.addMissingSlots([nine!, ten!])).to.equal(2);
        expect(await other.addMissingSlots([nine!, ten!]), 'the same slot ids added in the other clinic').to.equal(2);
        const ours = alicesBooking(1_000, 'Booked with us.');
        expect(await store.commit(ours.writes)).to.deep.equal({ committed: true });

        const free = [nine!, ten!].map((slot) => ({ ...slot, version: 1 }));
        expect(await other.slot(nine!.slotId)).to.deep.equal(free[0]);
        expect(await other.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal(free);
        expect(await other.slotsBetween(0, Number.MAX_SAFE_INTEGER, 'dr-lee')).to.deep.equal(free);
        expect(await other.appointment('apt_1')).to.equal(undefined);
        expect(await other.appointmentsOf(ALICE)).to.deep.equal([]);
        expect(await other.appointmentsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([]);
        expect(await other.patientSlots(ALICE)).to.equal(undefined);
        expect(await other.notification('ntf_1')).to.equal(undefined);
        expect(await other.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).to.deep.equal([]);

        const theirs = alicesBooking(2_000, 'Booked with them.');
        expect(await other.commit(theirs.writes), 'the same records created in the other clinic').to.deep.equal({
          committed: true,
        });
        const stale = { kind: 'slot' as const, record: held({ ...ten!, version: 2 }, BOB, 2) };
        expect(await other.commit([stale]), "a version only our clinic's slot was at").to.deep.equal({
          committed: false,
          reason: 'VERSION_CONFLICT',
        });

        for (const [clinic, booking] of [
          [store, ours],
          [other, theirs],
        ] as const) {
          const { slot, appointment, taken, notification } = booking.stored;
          expect(await clinic.slot(nine!.slotId)).to.deep.equal(slot);
          expect(await clinic.slotsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([slot, free[1]]);
          expect(await clinic.appointment('apt_1')).to.deep.equal(appointment);
          expect(await clinic.appointmentsOf(ALICE)).to.deep.equal([appointment]);
          expect(await clinic.appointmentsBetween(0, Number.MAX_SAFE_INTEGER)).to.deep.equal([appointment]);
          expect(await clinic.patientSlots(ALICE)).to.deep.equal(taken);
          expect(await clinic.notification('ntf_1')).to.deep.equal(notification);
          expect(await clinic.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).to.deep.equal([notification]);
        }
      });

      it('gives each clinic exactly one winner when both race for the slot of the same id', async () => {
        const other = await aStoreOf(aNewClinicId());
        await Promise.all([store.addMissingSlots([nine!]), other.addMissingSlots([nine!])]);
        const patients = aCrowdOf(10);
        const race = (clinic: BookingStore) =>
          patients.map((patient) =>
            clinic.commit([{ kind: 'slot', record: held({ ...nine!, version: 1 }, patient, 1) }]),
          );
        const [ours, theirs] = [race(store), race(other)];
        const winners = async (outcomes: Promise<CommitOutcome>[]) =>
          (await Promise.all(outcomes)).flatMap((outcome, i) => (outcome.committed ? [patients[i]] : []));
        const [ourWinners, theirWinners] = await Promise.all([winners(ours), winners(theirs)]);
        expect(ourWinners).to.have.length(1);
        expect(theirWinners).to.have.length(1);
        expect(await store.slot(nine!.slotId)).to.include({ patient: ourWinners[0], version: 2 });
        expect(await other.slot(nine!.slotId)).to.include({ patient: theirWinners[0], version: 2 });
      });
    });

    bookingStoreProperties(() => makeStore(aNewClinicId()), options.propertyRuns);
  });
}
