import { domainError } from '../domain/domain-error.js';
import { fail, type Result } from '../domain/result.js';
import type { BookingStore, CommitOptions, StoreWrite } from '../ports/booking-store.js';
import type { BookingChange, Metrics } from '../ports/metrics.js';

export interface Plan<T> {
  writes: StoreWrite[];
  value: T;
  /** What the writes change, counted once they are committed; none where they only repeat what was done. */
  change?: BookingChange;
}

const ATTEMPTS = 8;

/**
 * Optimistic concurrency: read, let the domain decide, commit only over what was read. When another
 * request changed a record in between, read again and decide again, so the loser of a race gets the
 * domain's answer (slot taken) rather than a bare conflict.
 */
export async function commitWithRetry<T>(
  store: BookingStore,
  metrics: Metrics,
  decide: () => Promise<Result<Plan<T>>>,
  options?: CommitOptions,
): Promise<Result<T>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const decision = await decide();
    if (!decision.ok) return decision;
    const { writes, value, change } = decision.value;
    const outcome = await store.commit(writes, options);
    if (outcome.committed) {
      if (change) metrics.committed(change);
      return { ok: true, value };
    }
    metrics.conflicted();
  }
  return fail(domainError('CONFLICT', 'the records changed repeatedly while being updated; try again'));
}

export const bumped = <R extends { version: number }>(record: R): R => ({ ...record, version: record.version + 1 });
