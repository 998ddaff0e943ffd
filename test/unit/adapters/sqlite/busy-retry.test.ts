import { expect } from 'chai';
import { type BusyRetryPolicy, retryWhileBusy } from '../../../../src/adapters/sqlite/busy-retry.js';
import { StoreUnavailableError } from '../../../../src/ports/booking-store.js';
import { rejectionOf } from '../../../support/rejection-of.js';

/** What node:sqlite throws, `errcode` being SQLite's result code. */
const sqliteError = (errcode: number, message: string) =>
  Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode, errstr: message });
const busy = (errcode = 5) => sqliteError(errcode, 'database is locked');

const QUICK: BusyRetryPolicy = { firstPauseMs: 4, maxPauseMs: 32, budgetMs: 150 };
/** Timers run on whole milliseconds, so one may fire up to a millisecond before performance.now() says. */
const TIMER_GRAIN_MS = 1;
/** How late a timer may fire on a machine others share. */
const TIMER_LATENESS_MS = 100;

/** Work that fails with `failures` in turn, then answers 'done'; it notes when each attempt ran. */
function failingWith(...failures: Error[]) {
  const attempts: number[] = [];
  const work = () => {
    attempts.push(performance.now());
    const failure = failures[attempts.length - 1];
    if (failure) throw failure;
    return 'done';
  };
  return { work, attempts };
}

describe('retrying SQLite work while another connection holds the lock', () => {
  it('runs the work again after SQLITE_BUSY until it is done, letting other callbacks run in between', async () => {
    let callbacksRun = 0;
    const ranBeforeAttempt: number[] = [];
    const work = () => {
      ranBeforeAttempt.push(callbacksRun);
      setImmediate(() => callbacksRun++);
      if (ranBeforeAttempt.length <= 3) throw busy();
      return 'done';
    };
    expect(await retryWhileBusy(work, QUICK)).to.equal('done');
    expect(ranBeforeAttempt).to.deep.equal([0, 1, 2, 3]);
  });

  it('takes the extended busy codes, recovery and snapshot, for busy too', async () => {
    const { work, attempts } = failingWith(busy(261), busy(517));
    expect(await retryWhileBusy(work, QUICK)).to.equal('done');
    expect(attempts).to.have.length(3);
  });

  it('passes any other failure on at once, without trying again', async () => {
    const constraint = sqliteError(19, 'UNIQUE constraint failed: slots.slot_id');
    const { work, attempts } = failingWith(constraint);
    expect(await rejectionOf(retryWhileBusy(work, QUICK))).to.equal(constraint);
    expect(attempts).to.have.length(1);
  });

  it('waits at least half a step before each retry, the steps doubling from the first', async () => {
    const { work, attempts } = failingWith(...Array.from({ length: 6 }, () => busy()));
    await retryWhileBusy(work, QUICK);
    const pauses = attempts.slice(1).map((at, i) => at - attempts[i]!);
    const halfSteps = [2, 4, 8, 16, 16, 16];
    for (const [i, pause] of pauses.entries()) expect(pause).to.be.at.least(halfSteps[i]! - TIMER_GRAIN_MS);
  });

  it('gives up with StoreUnavailableError saying the store is busy once the next pause would pass the budget', async () => {
    const lastFailure = busy();
    const { work } = failingWith(...Array.from({ length: 1_000 }, () => lastFailure));
    const started = performance.now();
    const thrown = await rejectionOf(retryWhileBusy(work, QUICK));
    const spent = performance.now() - started;

    expect(thrown).to.be.instanceOf(StoreUnavailableError);
    expect(thrown.message).to.equal('the appointment store is busy');
    expect(thrown.cause).to.equal(lastFailure);
    // It used the budget up to the last pause, and gave up rather than sleep past it.
    expect(spent).to.be.at.least(QUICK.budgetMs - QUICK.maxPauseMs);
    expect(spent).to.be.below(QUICK.budgetMs + TIMER_LATENESS_MS);
  });
});
