export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** The first backoff step; each later one doubles, up to `maxDelayMs`. */
  initialDelayMs: number;
  /**
   * The longest wait worth making. A server that asks for more (a spent quota says "retry in 37s")
   * is not waited for: the caller has a deadline and a fallback.
   */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, initialDelayMs: 500, maxDelayMs: 4_000 };

/**
 * Exponential backoff with "equal jitter": at least half of each step, so a retry never comes at
 * once, and a random rest, so the conversations that failed together do not retry together.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** retry);
  return step / 2 + (random() * step) / 2;
}

/** `Retry-After` in either of its forms: seconds, or an HTTP date. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
