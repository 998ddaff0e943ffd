export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** The first backoff step; each later one doubles, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/** About two seconds at most in all: a patient waits for the reply, and the caller has its own deadline. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, initialDelayMs: 250, maxDelayMs: 1_000 };

/**
 * 429 says Twilio refused the request before acting on it. A 5xx is less certain: the message may
 * have been queued before the failure, so a retry can send it twice. A duplicate text is judged
 * less harmful than a reply that never arrives.
 */
export const isRetryableStatus = (status: unknown) =>
  status === 429 || (typeof status === 'number' && status >= 500 && status <= 599);

/**
 * Exponential backoff with "equal jitter": at least half of each step, so a retry never comes at
 * once, and a random rest, so the sends throttled together do not retry together.
 */
export async function withRetries<T>(
  work: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  policy: RetryPolicy,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await work();
    } catch (error) {
      if (retry >= policy.retries || !retryable(error)) throw error;
      const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
      await new Promise((resolve) => setTimeout(resolve, step / 2 + (Math.random() * step) / 2));
    }
  }
}
