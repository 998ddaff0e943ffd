import { expect } from 'chai';
import { REMEMBERED_PER_ZONE, rememberedPerZone } from '../../../src/domain/remembered-per-zone.js';

const NEW_YORK = 'America/New_York';
const MADRID = 'Europe/Madrid';

describe('what is remembered per time zone', () => {
  it('works a value out once for a zone and key, and apart for each zone', () => {
    const remember = rememberedPerZone<number, string>();
    let worked = 0;
    const work = () => `worked ${++worked}`;
    expect(remember(NEW_YORK, 1, work)).to.equal('worked 1');
    expect(remember(NEW_YORK, 1, work)).to.equal('worked 1');
    expect(remember(MADRID, 1, work)).to.equal('worked 2');
    expect(worked).to.equal(2);
  });

  it('keeps at most its bound a zone, forgetting them all once full, while other zones keep theirs', () => {
    const remember = rememberedPerZone<number, number>(3);
    let worked = 0;
    const work = () => ++worked;
    remember(MADRID, 0, work);
    for (const instant of [1, 2, 3]) remember(NEW_YORK, instant, work);
    // Full at 3: the fourth instant empties New York's before it is kept.
    remember(NEW_YORK, 4, work);
    expect(worked).to.equal(5);
    remember(NEW_YORK, 4, work);
    expect(worked).to.equal(5);
    remember(NEW_YORK, 1, work);
    expect(worked).to.equal(6);
    remember(MADRID, 0, work);
    expect(worked).to.equal(6);
  });

  it('is bounded by default at 10,000 a zone, a year of half-hour slots', () => {
    const remember = rememberedPerZone<number, number>();
    let worked = 0;
    const work = () => ++worked;
    for (let instant = 0; instant < REMEMBERED_PER_ZONE; instant++) remember(NEW_YORK, instant, work);
    remember(NEW_YORK, 0, work);
    expect(worked).to.equal(REMEMBERED_PER_ZONE);
    remember(NEW_YORK, REMEMBERED_PER_ZONE, work);
    remember(NEW_YORK, 0, work);
    expect(worked).to.equal(REMEMBERED_PER_ZONE + 2);
    expect(REMEMBERED_PER_ZONE).to.equal(10_000);
  });
});
