import { expect } from 'chai';
import { generateSlots } from '../../../src/domain/generate-slots.js';
import { formatInZone } from '../../../src/domain/zoned-time.js';
import { aClinic, aProvider } from '../../support/clinic-builder.js';
import { MONDAY_8AM } from '../../support/times.js';

describe('slots from the clinic hours', () => {
  it('cuts each opening period into slots of the clinic length, with readable ids', () => {
    const slots = generateSlots(aClinic({ horizonDays: 1 }), MONDAY_8AM);
    expect(slots.map((s) => s.slotId)).to.deep.equal([
      '2026-03-02T0900',
      '2026-03-02T0930',
      '2026-03-02T1000',
      '2026-03-02T1030',
      '2026-03-02T1100',
      '2026-03-02T1130',
    ]);
    expect(formatInZone(slots[0]!.start, 'America/New_York')).to.equal('2026-03-02T09:00:00-05:00');
    expect(slots[0]!.end - slots[0]!.start).to.equal(30 * 60_000);
    expect(slots.every((s) => s.status === 'AVAILABLE')).to.equal(true);
  });

  it('opens no slot on a day the clinic is closed', () => {
    const saturday = Date.parse('2026-03-07T08:00:00-05:00');
    expect(generateSlots(aClinic({ horizonDays: 2 }), saturday)).to.have.length(0);
  });

  it('never offers a slot that has already started', () => {
    const tenFifteen = Date.parse('2026-03-02T10:15:00-05:00');
    const ids = generateSlots(aClinic({ horizonDays: 1 }), tenFifteen).map((s) => s.slotId);
    expect(ids).to.deep.equal(['2026-03-02T1030', '2026-03-02T1100', '2026-03-02T1130']);
  });

  it('drops a last piece shorter than a slot', () => {
    const clinic = aClinic({ horizonDays: 1, slotMinutes: 40 });
    const ids = generateSlots(clinic, MONDAY_8AM).map((s) => s.slotId);
    expect(ids).to.deep.equal(['2026-03-02T0900', '2026-03-02T0940', '2026-03-02T1020', '2026-03-02T1100']);
  });

  it('gives each provider slots of their own, on their own hours where they have them', () => {
    const clinic = aClinic({
      horizonDays: 1,
      providers: [aProvider('dr-lee'), aProvider('dr-patel', { monday: [{ open: '14:00', close: '15:00' }] })],
    });
    const ids = generateSlots(clinic, MONDAY_8AM).map((s) => s.slotId);
    expect(ids).to.include('2026-03-02T0900-dr-lee');
    expect(ids).to.include.members(['2026-03-02T1400-dr-patel', '2026-03-02T1430-dr-patel']);
    expect(ids.filter((id) => id.endsWith('dr-patel'))).to.have.length(2);
  });

  it('yields the same ids every time it runs, so stores can add only what they lack', () => {
    const clinic = aClinic();
    expect(generateSlots(clinic, MONDAY_8AM)).to.deep.equal(generateSlots(clinic, MONDAY_8AM));
  });

  it('covers the booking horizon and no further', () => {
    const slots = generateSlots(aClinic({ horizonDays: 7 }), MONDAY_8AM);
    expect(slots.at(-1)!.slotId).to.equal('2026-03-06T1130');
  });

  it('skips wall-clock times that do not exist on the spring-forward day', () => {
    const clinic = aClinic({
      horizonDays: 1,
      weeklyHours: { sunday: [{ open: '01:00', close: '04:00' }] },
      slotMinutes: 60,
    });
    const ids = generateSlots(clinic, Date.parse('2026-03-08T00:00:00-05:00')).map((s) => s.slotId);
    expect(ids).to.deep.equal(['2026-03-08T0100', '2026-03-08T0300']);
  });
});
