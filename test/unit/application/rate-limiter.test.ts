import { expect } from 'chai';
import { RateLimiter } from '../../../src/application/rate-limiter.js';
import { MONDAY_8AM } from '../../support/times.js';

describe('a rate limit per key', () => {
  const at = (seconds: number) => MONDAY_8AM + seconds * 1000;

  it('admits a burst of as many as a minute allows, and refuses the next, saying when to come back', () => {
    const limiter = new RateLimiter(20);
    for (let i = 0; i < 20; i++) expect(limiter.admit('+15550000001', at(0)).admitted, `message ${i}`).to.equal(true);
    expect(limiter.admit('+15550000001', at(0))).to.deep.equal({ admitted: false, retryAfterMs: 3000, first: true });
  });

  it('refills at the rate of the limit: one more every 3 s at 20 a minute', () => {
    const limiter = new RateLimiter(20);
    for (let i = 0; i < 20; i++) limiter.admit('k', at(0));
    expect(limiter.admit('k', at(2)).admitted).to.equal(false);
    expect(limiter.admit('k', at(3)).admitted).to.equal(true);
    expect(limiter.admit('k', at(3)).admitted).to.equal(false);
    expect([...Array(20)].map(() => limiter.admit('k', at(63)).admitted).every(Boolean)).to.equal(true);
  });

  it('tells the first refusal of a minute, and no other, however often the key keeps trying', () => {
    const limiter = new RateLimiter(2);
    limiter.admit('k', at(0));
    limiter.admit('k', at(0));
    const refusals = [0, 1, 2, 10, 20].map((s) => limiter.admit('k', at(s)));
    expect(refusals.map((a) => a.admitted)).to.deep.equal([false, false, false, false, false]);
    expect(refusals.map((a) => !a.admitted && a.first)).to.deep.equal([true, false, false, false, false]);
    expect([limiter.admit('k', at(61)).admitted, limiter.admit('k', at(61)).admitted]).to.deep.equal([true, true]);
    expect(limiter.admit('k', at(61)), 'a minute after the last told').to.include({ admitted: false, first: true });
  });

  it('keeps each key to its own budget', () => {
    const limiter = new RateLimiter(1);
    expect(limiter.admit('a', at(0)).admitted).to.equal(true);
    expect(limiter.admit('a', at(0)).admitted).to.equal(false);
    expect(limiter.admit('b', at(0)).admitted).to.equal(true);
  });

  it('keeps at most so many keys, forgetting the least recently used first', () => {
    const limiter = new RateLimiter(1, 2);
    limiter.admit('a', at(0));
    limiter.admit('b', at(0));
    limiter.admit('a', at(0));
    limiter.admit('c', at(0));
    expect(limiter.admit('a', at(0)).admitted, 'a was used last but one: kept').to.equal(false);
    expect(limiter.admit('b', at(0)).admitted, 'b was forgotten: a fresh budget').to.equal(true);
  });
});
