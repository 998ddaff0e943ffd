import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../ports/booking-store.js';

const THROTTLED = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'TimeoutError',
]);
const THROTTLED_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** Failures that say nothing about the data, only that DynamoDB is out of reach or overloaded. */
function isOutage(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $fault?: string };
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((reason) => THROTTLED_REASONS.has(reason.Code ?? ''));
  }
  return e.$fault === 'server' || THROTTLED.has(e.name ?? '') || NETWORK.has(e.code ?? '');
}

/**
 * The SDK has already retried by the time an error reaches here; what is left of an outage becomes
 * the port's StoreUnavailableError, so callers need not know AWS error names to answer 503.
 */
export async function reportingOutages<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isOutage(error) ? new StoreUnavailableError(error) : error;
  }
}
