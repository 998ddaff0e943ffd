import { expect } from 'chai';
import { isOpenAt } from '../../../src/domain/opening-hours.js';
import { aClinic } from '../../support/clinic-builder.js';

describe('when the clinic is open', () => {
  const clinic = aClinic({
    timeZone: 'America/New_York',
    weeklyHours: {
      monday: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ],
    },
  });
  const at = (local: string) => Date.parse(`${local}-05:00`);

  it('is open from the opening minute of a period, and closed from its closing minute', () => {
    expect(isOpenAt(clinic, at('2026-03-02T08:59'))).to.equal(false);
    expect(isOpenAt(clinic, at('2026-03-02T09:00'))).to.equal(true);
    expect(isOpenAt(clinic, at('2026-03-02T11:59'))).to.equal(true);
    expect(isOpenAt(clinic, at('2026-03-02T12:00'))).to.equal(false);
  });

  it('is closed over lunch between two periods, and open again after', () => {
    expect(isOpenAt(clinic, at('2026-03-02T12:30'))).to.equal(false);
    expect(isOpenAt(clinic, at('2026-03-02T13:00'))).to.equal(true);
  });

  it("is closed on a day without hours, and reads the hour in the clinic's own time zone", () => {
    expect(isOpenAt(clinic, at('2026-03-03T10:00'))).to.equal(false);
    // 10:00 UTC on Monday is 05:00 in New York: open by UTC's clock, closed by the clinic's.
    expect(isOpenAt(clinic, Date.parse('2026-03-02T10:00:00Z'))).to.equal(false);
    // 15:00 UTC on Monday is 10:00 in New York.
    expect(isOpenAt(clinic, Date.parse('2026-03-02T15:00:00Z'))).to.equal(true);
  });
});
