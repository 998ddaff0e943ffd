import { expect } from 'chai';
import { cancelAppointment } from '../../../src/domain/cancellation.js';
import { confirmHold } from '../../../src/domain/confirmation.js';
import { holdSlot } from '../../../src/domain/hold.js';
import { checkMayBook, checkMayHold, withTaken } from '../../../src/domain/patient-limits.js';
import { rescheduleAppointment } from '../../../src/domain/rescheduling.js';
import type { Result } from '../../../src/domain/result.js';
import { type Slot, type SlotId, statusAt } from '../../../src/domain/slot.js';
import { aBookedSlot, anAppointment, aSlot } from '../../support/booking-builders.js';
import { ALICE, BOB } from '../../support/patients.js';
import { MONDAY_8AM } from '../../support/times.js';

const MINUTE = 60_000;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}`);
  return result.value;
}

function errorCode(result: Result<unknown>): string | undefined {
  return result.ok ? undefined : result.error.code;
}

describe('holding a slot', () => {
  it('holds a free slot for the clinic hold length', () => {
    const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));
    expect(held).to.include({ status: 'HELD', patient: ALICE, holdExpiresAt: MONDAY_8AM + 10 * MINUTE, version: 1 });
  });

  it('refuses a slot another patient holds', () => {
    const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));
    expect(errorCode(holdSlot(held, BOB, MONDAY_8AM + MINUTE, 10))).to.equal('SLOT_UNAVAILABLE');
  });

  it('lets another patient take a slot whose hold has expired', () => {
    const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));
    expect(statusAt(held, MONDAY_8AM + 10 * MINUTE)).to.equal('AVAILABLE');
    expect(value(holdSlot(held, BOB, MONDAY_8AM + 10 * MINUTE, 10)).patient).to.equal(BOB);
  });

  it('starts the hold afresh when the same patient holds again', () => {
    const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));
    expect(value(holdSlot(held, ALICE, MONDAY_8AM + 5 * MINUTE, 10)).holdExpiresAt).to.equal(MONDAY_8AM + 15 * MINUTE);
  });

  it('refuses a booked slot', () => {
    expect(errorCode(holdSlot(aBookedSlot(BOB, 'apt_1'), ALICE, MONDAY_8AM, 10))).to.equal('SLOT_UNAVAILABLE');
  });

  it('refuses a slot that has already started', () => {
    expect(errorCode(holdSlot(aSlot(), ALICE, aSlot().start, 10))).to.equal('SLOT_IN_PAST');
  });
});

describe('confirming a hold', () => {
  const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));

  it('books the slot for its holder and creates the appointment', () => {
    const { slot, appointment } = value(confirmHold(held, ALICE, MONDAY_8AM + MINUTE, 'apt_9', 'sms'));
    expect(slot).to.include({ status: 'BOOKED', patient: ALICE, appointmentId: 'apt_9' });
    expect(slot.holdExpiresAt).to.equal(undefined);
    expect(appointment).to.include({
      appointmentId: 'apt_9',
      slotId: held.slotId,
      patient: ALICE,
      status: 'BOOKED',
      start: held.start,
      channel: 'sms',
    });
  });

  it('refuses a patient who does not hold the slot', () => {
    expect(errorCode(confirmHold(held, BOB, MONDAY_8AM + MINUTE, 'apt_9', 'sms'))).to.equal('NO_VALID_HOLD');
  });

  it('refuses a slot nobody holds', () => {
    expect(errorCode(confirmHold(aSlot(), ALICE, MONDAY_8AM, 'apt_9', 'sms'))).to.equal('NO_VALID_HOLD');
  });

  it('refuses once the hold has expired', () => {
    expect(errorCode(confirmHold(held, ALICE, MONDAY_8AM + 10 * MINUTE, 'apt_9', 'sms'))).to.equal('HOLD_EXPIRED');
  });
});

describe('cancelling an appointment', () => {
  const slot = aBookedSlot(ALICE, 'apt_1');
  const appointment = anAppointment(slot, ALICE);

  it('cancels the patient own appointment and frees its slot', () => {
    const cancelled = value(cancelAppointment(appointment, slot, ALICE, MONDAY_8AM));
    expect(cancelled.appointment.status).to.equal('CANCELLED');
    expect(cancelled.slot).to.deep.equal(aSlot());
  });

  it('refuses anyone but the patient who booked', () => {
    expect(errorCode(cancelAppointment(appointment, slot, BOB, MONDAY_8AM))).to.equal('NOT_OWNER');
  });

  it('refuses an appointment already cancelled', () => {
    expect(errorCode(cancelAppointment({ ...appointment, status: 'CANCELLED' }, aSlot(), ALICE, MONDAY_8AM))).to.equal(
      'ALREADY_CANCELLED',
    );
  });

  it('refuses an appointment that has already started', () => {
    expect(errorCode(cancelAppointment(appointment, slot, ALICE, slot.start))).to.equal('APPOINTMENT_IN_PAST');
  });
});

describe('rescheduling an appointment', () => {
  const oldSlot = aBookedSlot(ALICE, 'apt_1');
  const appointment = anAppointment(oldSlot, ALICE);
  const tenAm = aSlot({
    slotId: '2026-03-02T1000' as SlotId,
    start: oldSlot.start + 60 * MINUTE,
    end: oldSlot.end + 60 * MINUTE,
  });

  it('books the new slot, frees the old one and moves the appointment, all in one change', () => {
    const move = value(rescheduleAppointment(appointment, oldSlot, tenAm, ALICE, MONDAY_8AM));
    expect(move.newSlot).to.include({ status: 'BOOKED', patient: ALICE, appointmentId: 'apt_1' });
    expect(move.oldSlot).to.deep.equal(aSlot());
    expect(move.appointment).to.include({
      appointmentId: 'apt_1',
      slotId: tenAm.slotId,
      start: tenAm.start,
      status: 'BOOKED',
    });
  });

  it('may move into a slot the same patient holds', () => {
    const heldByAlice = value(holdSlot(tenAm, ALICE, MONDAY_8AM, 10));
    expect(rescheduleAppointment(appointment, oldSlot, heldByAlice, ALICE, MONDAY_8AM + MINUTE).ok).to.equal(true);
  });

  it('refuses a new slot another patient holds or booked', () => {
    const heldByBob = value(holdSlot(tenAm, BOB, MONDAY_8AM, 10));
    expect(errorCode(rescheduleAppointment(appointment, oldSlot, heldByBob, ALICE, MONDAY_8AM))).to.equal(
      'SLOT_UNAVAILABLE',
    );
    const bookedByBob = aBookedSlot(BOB, 'apt_2', { slotId: tenAm.slotId });
    expect(errorCode(rescheduleAppointment(appointment, oldSlot, bookedByBob, ALICE, MONDAY_8AM))).to.equal(
      'SLOT_UNAVAILABLE',
    );
  });

  it('refuses anyone but the patient who booked', () => {
    expect(errorCode(rescheduleAppointment(appointment, oldSlot, tenAm, BOB, MONDAY_8AM))).to.equal('NOT_OWNER');
  });

  it('refuses to move into the slot it already has', () => {
    expect(errorCode(rescheduleAppointment(appointment, oldSlot, oldSlot, ALICE, MONDAY_8AM))).to.equal('SAME_SLOT');
  });

  it('refuses a new slot that has already started', () => {
    expect(errorCode(rescheduleAppointment(appointment, oldSlot, tenAm, ALICE, tenAm.start))).to.equal(
      'APPOINTMENT_IN_PAST',
    );
    const earlier = aSlot({
      slotId: '2026-03-02T0830' as SlotId,
      start: oldSlot.start - 30 * MINUTE,
      end: oldSlot.start,
    });
    expect(errorCode(rescheduleAppointment(appointment, oldSlot, earlier, ALICE, earlier.start + MINUTE))).to.equal(
      'SLOT_IN_PAST',
    );
  });

  it('refuses a cancelled appointment', () => {
    expect(
      errorCode(rescheduleAppointment({ ...appointment, status: 'CANCELLED' }, aSlot(), tenAm, ALICE, MONDAY_8AM)),
    ).to.equal('ALREADY_CANCELLED');
  });
});

describe('how much of the schedule one patient may take', () => {
  const limits = { maxHolds: 2, maxAppointments: 2 };
  /** Slots an hour apart from Monday 09:00, each in the state `make` gives it. */
  const slotAt = (hour: number, make: (slot: Slot) => Slot = (slot) => slot) =>
    make(
      aSlot({
        slotId: `2026-03-02T${String(hour).padStart(2, '0')}00` as SlotId,
        start: aSlot().start + (hour - 9) * 60 * MINUTE,
        end: aSlot().end + (hour - 9) * 60 * MINUTE,
      }),
    );
  const heldBy = (patient: typeof ALICE) => (slot: Slot) => value(holdSlot(slot, patient, MONDAY_8AM, 10));
  const bookedBy = (patient: typeof ALICE, id: string) => (slot: Slot) =>
    aBookedSlot(patient, id, { slotId: slot.slotId, start: slot.start, end: slot.end });
  const NOON = '2026-03-02T1200' as SlotId;

  it('lets a patient hold up to the limit, and refuses one more, naming the limit', () => {
    const one = [slotAt(9, heldBy(ALICE))];
    expect(checkMayHold(one, NOON, ALICE, MONDAY_8AM, limits).ok).to.equal(true);
    const two = [...one, slotAt(10, heldBy(ALICE))];
    const refused = checkMayHold(two, NOON, ALICE, MONDAY_8AM, limits);
    expect(errorCode(refused)).to.equal('TOO_MANY_HOLDS');
    expect(refused.ok || refused.error.message).to.match(/^phoneNumber: .*\(2\)/);
  });

  it('lets a patient hold again a slot they already hold, however many they hold', () => {
    const two = [slotAt(9, heldBy(ALICE)), slotAt(10, heldBy(ALICE))];
    expect(checkMayHold(two, two[0]!.slotId, ALICE, MONDAY_8AM + MINUTE, limits).ok).to.equal(true);
  });

  it('counts neither expired holds, nor other patients, nor bookings as holds', () => {
    const taken = [slotAt(9, heldBy(ALICE)), slotAt(10, heldBy(BOB)), slotAt(11, bookedBy(ALICE, 'apt_1'))];
    expect(checkMayHold(taken, NOON, ALICE, MONDAY_8AM + 10 * MINUTE, { ...limits, maxHolds: 1 }).ok).to.equal(true);
    expect(errorCode(checkMayHold(taken, NOON, ALICE, MONDAY_8AM, { ...limits, maxHolds: 1 }))).to.equal(
      'TOO_MANY_HOLDS',
    );
  });

  it('lets a patient book up to the limit of upcoming appointments, and refuses one more', () => {
    const one = [slotAt(9, bookedBy(ALICE, 'apt_1'))];
    expect(checkMayBook(one, NOON, ALICE, MONDAY_8AM, limits).ok).to.equal(true);
    const two = [...one, slotAt(10, bookedBy(ALICE, 'apt_2'))];
    expect(errorCode(checkMayBook(two, NOON, ALICE, MONDAY_8AM, limits))).to.equal('TOO_MANY_APPOINTMENTS');
  });

  it('counts neither appointments that have started, nor holds, nor other patients, as upcoming', () => {
    const taken = [slotAt(9, bookedBy(ALICE, 'apt_1')), slotAt(10, heldBy(ALICE)), slotAt(11, bookedBy(BOB, 'apt_2'))];
    const limit = { ...limits, maxAppointments: 1 };
    expect(errorCode(checkMayBook(taken, NOON, ALICE, MONDAY_8AM, limit))).to.equal('TOO_MANY_APPOINTMENTS');
    expect(checkMayBook(taken, NOON, ALICE, aSlot().start, limit).ok).to.equal(true);
  });

  it("keeps on the patient's record only the slots still theirs, and the one taken now", () => {
    const taken = [slotAt(9, heldBy(ALICE)), slotAt(10, heldBy(BOB)), slotAt(11, bookedBy(ALICE, 'apt_1')), slotAt(12)];
    const record = { patient: ALICE, slotIds: taken.map((slot) => slot.slotId), version: 4 };
    expect(withTaken(record, taken, NOON, ALICE, MONDAY_8AM)).to.deep.equal({
      patient: ALICE,
      slotIds: ['2026-03-02T0900', '2026-03-02T1100', NOON],
      version: 4,
    });
  });
});
