import { expect } from 'chai';
import { cancelAppointment } from '../../../src/domain/cancellation.js';
import { confirmHold } from '../../../src/domain/confirmation.js';
import { holdSlot } from '../../../src/domain/hold.js';
import { rescheduleAppointment } from '../../../src/domain/rescheduling.js';
import type { Result } from '../../../src/domain/result.js';
import { type SlotId, statusAt } from '../../../src/domain/slot.js';
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
    const { slot, appointment } = value(confirmHold(held, ALICE, MONDAY_8AM + MINUTE, 'apt_9'));
    expect(slot).to.include({ status: 'BOOKED', patient: ALICE, appointmentId: 'apt_9' });
    expect(slot.holdExpiresAt).to.equal(undefined);
    expect(appointment).to.include({
      appointmentId: 'apt_9',
      slotId: held.slotId,
      patient: ALICE,
      status: 'BOOKED',
      start: held.start,
    });
  });

  it('refuses a patient who does not hold the slot', () => {
    expect(errorCode(confirmHold(held, BOB, MONDAY_8AM + MINUTE, 'apt_9'))).to.equal('NO_VALID_HOLD');
  });

  it('refuses a slot nobody holds', () => {
    expect(errorCode(confirmHold(aSlot(), ALICE, MONDAY_8AM, 'apt_9'))).to.equal('NO_VALID_HOLD');
  });

  it('refuses once the hold has expired', () => {
    expect(errorCode(confirmHold(held, ALICE, MONDAY_8AM + 10 * MINUTE, 'apt_9'))).to.equal('HOLD_EXPIRED');
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
