import { expect } from 'chai';
import { blockBooked, blockHeld, blockSlot, unblockSlot } from '../../../src/domain/blocked-time.js';
import { holdSlot } from '../../../src/domain/hold.js';
import { rescheduleAppointment } from '../../../src/domain/rescheduling.js';
import type { Result } from '../../../src/domain/result.js';
import { offSchedule } from '../../../src/domain/schedule-change.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { aBookedSlot, anAppointment, aSlot } from '../../support/booking-builders.js';
import { aClinic } from '../../support/clinic-builder.js';
import { ALICE, BOB } from '../../support/patients.js';
import { MONDAY_8AM, MONDAY_10AM } from '../../support/times.js';

const MINUTE = 60_000;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}`);
  return result.value;
}

const errorOf = (result: Result<unknown>) => (result.ok ? undefined : result.error);

describe('blocking time', () => {
  it('blocks a free slot, keeping the reason staff gave', () => {
    expect(value(blockSlot(aSlot(), MONDAY_8AM, 'staff training'))).to.deep.include({
      status: 'BLOCKED',
      blockReason: 'staff training',
      version: 1,
    });
  });

  it('blocks a slot whose hold has expired, the former holder forgotten', () => {
    const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));
    const blocked = value(blockSlot(held, MONDAY_8AM + 10 * MINUTE));
    expect(blocked).to.not.have.any.keys('patient', 'holdExpiresAt');
    expect(blocked.status).to.equal('BLOCKED');
  });

  it('refuses to block a booked slot, naming the appointment to move or cancel first', () => {
    const error = errorOf(blockSlot(aBookedSlot(ALICE, 'apt_alice'), MONDAY_8AM));
    expect(error).to.deep.include({ code: 'SLOT_BOOKED', appointmentIds: ['apt_alice'] });
    expect(error?.message).to.contain('apt_alice');
  });

  it('refuses to block a slot a patient holds, unless the hold is dropped with the block', () => {
    const held = value(holdSlot(aSlot(), ALICE, MONDAY_8AM, 10));
    expect(errorOf(blockSlot(held, MONDAY_8AM + MINUTE))?.code).to.equal('SLOT_HELD');
    expect(value(blockHeld(held, MONDAY_8AM + MINUTE, 'flood'))).to.deep.include({ status: 'BLOCKED' });
    expect(value(blockHeld(held, MONDAY_8AM + MINUTE))).to.not.have.any.keys('patient', 'holdExpiresAt');
  });

  it('cancels the booking on a slot blocked with it, the slot and the appointment changed together', () => {
    const slot = aBookedSlot(ALICE, 'apt_alice');
    const { slot: blocked, appointment } = value(blockBooked(slot, anAppointment(slot, ALICE), MONDAY_8AM, 'holiday'));
    expect(blocked).to.deep.include({ status: 'BLOCKED', blockReason: 'holiday' });
    expect(blocked).to.not.have.any.keys('patient', 'appointmentId');
    expect(appointment).to.deep.include({ status: 'CANCELLED', updatedAt: MONDAY_8AM });
  });

  it('refuses to block time that has already started', () => {
    expect(errorOf(blockSlot(aSlot(), MONDAY_10AM))?.code).to.equal('SLOT_IN_PAST');
  });

  it('blocks a blocked slot again without a change, or with its new reason', () => {
    const blocked = value(blockSlot(aSlot(), MONDAY_8AM, 'holiday'));
    expect(value(blockSlot(blocked, MONDAY_8AM, 'holiday'))).to.equal(blocked);
    expect(value(blockSlot(blocked, MONDAY_8AM, 'closed for repairs')).blockReason).to.equal('closed for repairs');
  });

  it('gives blocked time back free, with no reason left on it', () => {
    const blocked = value(blockSlot(aSlot(), MONDAY_8AM, 'holiday'));
    const freed = value(unblockSlot(blocked, MONDAY_8AM));
    expect(freed.status).to.equal('AVAILABLE');
    expect(freed).to.not.have.any.keys('blockReason');
    const booked = aBookedSlot(ALICE, 'apt_alice');
    expect(value(unblockSlot(booked, MONDAY_8AM)), 'a booking is not unblocked').to.equal(booked);
  });
});

describe('blocked time and patients', () => {
  const blocked = value(blockSlot(aSlot(), MONDAY_8AM, 'holiday'));

  it('lets no patient hold a blocked slot', () => {
    const error = errorOf(holdSlot(blocked, ALICE, MONDAY_8AM, 10));
    expect(error?.code).to.equal('SLOT_BLOCKED');
    expect(error?.message).to.contain('not available');
  });

  it('lets no patient move an appointment into a blocked slot', () => {
    const slot = aBookedSlot(BOB, 'apt_bob', { slotId: '2026-03-02T1000' as SlotId, start: MONDAY_10AM });
    const moved = rescheduleAppointment(anAppointment(slot, BOB), slot, blocked, BOB, MONDAY_8AM);
    expect(errorOf(moved)?.code).to.equal('SLOT_BLOCKED');
  });
});

describe('blocked time and a changed schedule', () => {
  const clinic = aClinic({ horizonDays: 7 });
  // Monday 6 April 2026: five weeks ahead, far beyond a seven-day horizon.
  const holiday = value(
    blockSlot(
      aSlot({ slotId: '2026-04-06T0900' as SlotId, start: Date.parse('2026-04-06T09:00:00-04:00') }),
      MONDAY_8AM,
      'Easter Monday',
    ),
  );

  it('keeps a holiday blocked beyond the horizon while the clinic still opens then', () => {
    expect(offSchedule(clinic, MONDAY_8AM, [holiday])).to.deep.equal({ retire: [], toMove: [] });
  });

  it('retires a blocked slot the clinic no longer opens at: there is nothing left to block, nor to move', () => {
    const closedMondays = aClinic({ weeklyHours: { tuesday: [{ open: '09:00', close: '12:00' }] } });
    expect(offSchedule(closedMondays, MONDAY_8AM, [holiday])).to.deep.equal({ retire: [holiday], toMove: [] });
  });

  it('still retires a free slot beyond the horizon', () => {
    const free = aSlot({ slotId: '2026-04-06T0900' as SlotId, start: Date.parse('2026-04-06T09:00:00-04:00') });
    expect(offSchedule(clinic, MONDAY_8AM, [free]).retire).to.have.length(1);
  });
});
