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

  it('counts days in every year from 0001 to 9999, the first hundred and the turn to 10000 included', () => {
    expect(addDays('9999-12-31', 1)).to.equal('10000-01-01');
    expect(addDays('0099-12-31', 1)).to.equal('0100-01-01');
    expect(addDays('0004-02-28', 1)).to.equal('0004-02-29');
    expect(addDays('0001-01-01', 365)).to.equal('0002-01-01');
    expect(isCalendarDate('0050-03-02')).to.equal(true);
    expect(isCalendarDate('9999-12-31')).to.equal(true);
  });

  it('rejects year 0000, whose wall clock the time-zone database gives as 1 BC', () => {
    expect(isCalendarDate('0000-01-01')).to.equal(false);
  });

  it('places the local days at both ends of the calendar in the zone, at the offset of their time', () => {
    expect(new Date(fromLocal('9999-12-31', '00:00', NY)).toISOString()).to.equal('9999-12-31T05:00:00.000Z');
    expect(fromLocal('10000-01-01', '00:00', NY)).to.equal(Date.parse('+010000-01-01T05:00:00Z'));
    const year50 = fromLocal('0050-03-02', '09:00', 'UTC');
    expect(year50).to.equal(Date.parse('0050-03-02T09:00:00Z'));
    expect(formatInZone(year50, 'UTC')).to.equal('0050-03-02T09:00:00+00:00');
    expect(toLocal(year50, 'UTC')).to.deep.equal({ date: '0050-03-02', time: '09:00', weekday: 3 });
  });
});
