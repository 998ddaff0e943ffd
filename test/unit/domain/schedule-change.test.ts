import { expect } from 'chai';
import { generateSlots } from '../../../src/domain/generate-slots.js';
import { offSchedule } from '../../../src/domain/schedule-change.js';
import type { Slot } from '../../../src/domain/slot.js';
import { aClinic, aProvider } from '../../support/clinic-builder.js';
import { ALICE } from '../../support/patients.js';
import { MONDAY_8AM } from '../../support/times.js';

const MORNINGS = [{ open: '09:00', close: '12:00' }];
const clinic = aClinic({
  weeklyHours: { monday: MORNINGS, thursday: MORNINGS },
  providers: [aProvider('dr-lee'), aProvider('dr-patel')],
});
const published = generateSlots(clinic, MONDAY_8AM);
const slot = (id: string) => published.find((s) => s.slotId === id)!;
const taken = (s: Slot, status: 'HELD' | 'BOOKED', holdExpiresAt?: number): Slot => ({
  ...s,
  status,
  patient: ALICE,
  ...(holdExpiresAt ? { holdExpiresAt } : {}),
});

describe('a change of schedule', () => {
  it('retires the free slots of a day the clinic closes, and lists the booked one there for staff to move', () => {
    const booked = taken(slot('2026-03-05T0900-dr-lee'), 'BOOKED');
    const stored = published.map((s) => (s.slotId === booked.slotId ? booked : s));
    const { retire, toMove } = offSchedule({ ...clinic, weeklyHours: { monday: MORNINGS } }, MONDAY_8AM, stored);

    expect(toMove).to.deep.equal([booked]);
    expect(retire.every((s) => s.slotId.startsWith('2026-03-05') || s.slotId.startsWith('2026-03-12'))).to.equal(true);
    expect(retire.map((s) => s.slotId)).to.include('2026-03-05T0930-dr-patel');
    expect(retire.some((s) => s.slotId.startsWith('2026-03-02'))).to.equal(false);
  });

  it('retires the free slots of a provider who has left, a lapsed hold among them, and keeps a live hold', () => {
    const lapsed = taken(slot('2026-03-02T1000-dr-patel'), 'HELD', MONDAY_8AM - 1);
    const live = taken(slot('2026-03-02T1030-dr-patel'), 'HELD', MONDAY_8AM + 600_000);
    const stored = published.map((s) => (s.slotId === lapsed.slotId ? lapsed : s.slotId === live.slotId ? live : s));
    const { retire, toMove } = offSchedule({ ...clinic, providers: [aProvider('dr-lee')] }, MONDAY_8AM, stored);

    expect(toMove).to.deep.equal([live]);
    expect(retire.map((s) => s.slotId)).to.include(lapsed.slotId);
    expect(retire.every((s) => s.providerId === 'dr-patel')).to.equal(true);
  });

  it('leaves every slot a schedule still makes, and every slot already started, whatever the change', () => {
    expect(offSchedule(clinic, MONDAY_8AM, published)).to.deep.equal({ retire: [], toMove: [] });
    const started = offSchedule({ ...clinic, weeklyHours: {} }, Date.parse('2026-03-02T10:15:00-05:00'), published);
    expect(started.retire.some((s) => s.slotId === '2026-03-02T1000-dr-lee')).to.equal(false);
  });
});
