import {
  IdempotentParameterMismatchException,
  TransactionCanceledException,
  TransactionInProgressException,
} from '@aws-sdk/client-dynamodb';

/** Both mean "another writer got there first": re-reading and deciding again is the answer. */
const CONFLICT_REASONS = new Set(['ConditionalCheckFailed', 'TransactionConflict']);

/**
 * Whether a failed commit lost a race rather than broke. A token reused for other items, or one
 * whose first use is still in flight, is answered the same way: the caller re-reads and finds
 * either its own commit applied or a new state to decide on.
 */
export function isVersionConflict(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    const reasons = (error.CancellationReasons ?? [])
      .map((reason) => reason.Code ?? 'None')
      .filter((code) => code !== 'None');
    return reasons.length > 0 && reasons.every((code) => CONFLICT_REASONS.has(code));
  }
  return error instanceof IdempotentParameterMismatchException || error instanceof TransactionInProgressException;
}
