import { expect } from 'chai';
import { addDays, formatInZone, fromLocal, isCalendarDate, toLocal } from '../../../src/domain/zoned-time.js';

const NY = 'America/New_York';

describe('clinic-local time', () => {
  it('names a winter morning in New York with its -05:00 offset', () => {
    const instant = fromLocal('2026-03-02', '09:00', NY);
    expect(new Date(instant).toISOString()).to.equal('2026-03-02T14:00:00.000Z');
    expect(formatInZone(instant, NY)).to.equal('2026-03-02T09:00:00-05:00');
  });

  it('names a summer morning in New York with its -04:00 offset', () => {
    expect(formatInZone(fromLocal('2026-07-06', '09:00', NY), NY)).to.equal('2026-07-06T09:00:00-04:00');
  });

  it('moves a time skipped by the spring-forward gap forward by the gap', () => {
    expect(formatInZone(fromLocal('2026-03-08', '02:30', NY), NY)).to.equal('2026-03-08T03:30:00-04:00');
  });

  it('reads a time repeated in the autumn as its first occurrence', () => {
    expect(formatInZone(fromLocal('2026-11-01', '01:30', NY), NY)).to.equal('2026-11-01T01:30:00-04:00');
  });

  it('knows the weekday and wall-clock time of an instant', () => {
    expect(toLocal(Date.parse('2026-03-02T14:00:00Z'), NY)).to.deep.equal({
      date: '2026-03-02',
      time: '09:00',
      weekday: 1,
    });
    expect(toLocal(Date.parse('2026-03-02T03:00:00Z'), NY)).to.deep.equal({
      date: '2026-03-01',
      time: '22:00',
      weekday: 0,
    });
  });

  it('works in zones with half-hour offsets', () => {
    expect(formatInZone(fromLocal('2026-03-02', '09:00', 'Asia/Kolkata'), 'Asia/Kolkata')).to.equal(
      '2026-03-02T09:00:00+05:30',
    );
  });

  it('adds calendar days across month and year ends, and rejects impossible dates', () => {
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2028-02-28', 1)).to.equal('2028-02-29');
    expect(isCalendarDate('2026-02-29')).to.equal(false);
    expect(isCalendarDate('2026-02-28')).to.equal(true);
    expect(isCalendarDate('2026-2-28')).to.equal(false);
  });
});
