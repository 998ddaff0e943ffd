import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailableError } from '../../ports/booking-store.js';

export interface BusyRetryPolicy {
  /** The pause after the first SQLITE_BUSY; each later one doubles, up to `maxPauseMs`. */
  firstPauseMs: number;
  maxPauseMs: number;
  /** No attempt is made later than this after the first: the caller is told the store is busy. */
  budgetMs: number;
}

/**
 * Another server's transactions last a millisecond or less; a lock held for seconds is a person or a
 * tool at the file, and the client is better told to come back (503) than kept waiting. The first
 * pauses are short so that such brief contention costs a request little.
 */
export const BUSY_RETRY_POLICY: BusyRetryPolicy = { firstPauseMs: 2, maxPauseMs: 200, budgetMs: 2_000 };

/** SQLITE_BUSY, and its extended codes (recovery, snapshot), which say the same: nothing was done, try later. */
export const isBusy = (error: unknown) => ((error as { errcode?: number }).errcode ?? 0) % 256 === 5;

/**
 * The pause before retry `retry` (0 for the first), with "equal jitter": at least half of its step,
 * so that servers that met the lock together do not all try again at the same instant.
 */
function pauseBeforeRetryMs(retry: number, policy: BusyRetryPolicy): number {
  const step = Math.min(policy.maxPauseMs, policy.firstPauseMs * 2 ** retry);
  return step / 2 + (Math.random() * step) / 2;
}

/**
 * Runs `work`, one statement or one whole transaction, and while another connection holds the file's
 * write lock, runs it again after a pause on a timer: the connection does not wait for the lock
 * itself (see openDatabase), so the event loop goes on serving everything else meanwhile. `work`
 * must be all or nothing, as a statement or `inTransaction` is, so that a retry repeats no part of
 * it. Past the policy's budget the caller gets StoreUnavailableError, which HTTP answers 503.
 */
export function retryWhileBusy<T>(work: () => T, policy: BusyRetryPolicy = BUSY_RETRY_POLICY): Promise<T> {
  // The first attempt, which nearly every statement's is, settles at once rather than through an async function's ticks.
  const deadline = performance.now() + policy.budgetMs;
  try {
    return Promise.resolve(work());
  } catch (error) {
    if (!isBusy(error)) return Promise.reject(error);
    return retryAfterPauses(work, policy, deadline, error);
  }
}

async function retryAfterPauses<T>(
  work: () => T,
  policy: BusyRetryPolicy,
  deadline: number,
  firstBusy: unknown,
): Promise<T> {
  let busy = firstBusy;
  for (let retry = 0; ; retry++) {
    const pause = pauseBeforeRetryMs(retry, policy);
    if (performance.now() + pause > deadline) throw new StoreUnavailableError(busy, 'the appointment store is busy');
    await sleep(pause);
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      busy = error;
    }
  }
}
