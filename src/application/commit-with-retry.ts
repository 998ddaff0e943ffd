import { domainError } from '../domain/domain-error.js';
import { fail, type Result } from '../domain/result.js';
import type { BookingStore, CommitOptions, StoreWrite } from '../ports/booking-store.js';

export interface Plan<T> {
  writes: StoreWrite[];
  value: T;
}

const ATTEMPTS = 8;

/**
 * Optimistic concurrency: read, let the domain decide, commit only over what was read. When another
 * request changed a record in between, read again and decide again, so the loser of a race gets the
 * domain's answer (slot taken) rather than a bare conflict.
 */
export async function commitWithRetry<T>(
  store: BookingStore,
  decide: () => Promise<Result<Plan<T>>>,
  options?: CommitOptions,
): Promise<Result<T>> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const decision = await decide();
    if (!decision.ok) return decision;
    const outcome = await store.commit(decision.value.writes, options);
    if (outcome.committed) return { ok: true, value: decision.value.value };
  }
  return fail(domainError('CONFLICT', 'the records changed repeatedly while being updated; try again'));
}

export const bumped = <R extends { version: number }>(record: R): R => ({ ...record, version: record.version + 1 });
