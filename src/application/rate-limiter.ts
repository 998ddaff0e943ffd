const MINUTE = 60_000;

/**
 * Whether an event may go ahead. A refusal says when the next one would be admitted, and whether it
 * is the first refusal of this key in a minute: the one worth telling its sender about, so that a
 * sender who keeps going gets one answer and then silence.
 */
export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number; first: boolean };

interface Bucket {
  tokens: number;
  at: number;
  /** When a refusal was last told. */
  toldAt?: number;
}

/**
 * At most `perMinute` events a minute per key, in bursts of as many: a token bucket refilled
 * continuously. Time is given, never read, so it follows the caller's clock. The buckets live in
 * this process's memory, so a limit holds per server; at most `maxKeys` are kept (the least recently
 * used go first, as if refilled), and full ones are dropped once a minute.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly perMinute: number,
    private readonly maxKeys = 100_000,
  ) {
    this.perMs = perMinute / MINUTE;
  }

  admit(key: string, now: number): Admission {
    this.sweep(now);
    const bucket = this.refilled(key, now);
    // Re-inserted, so the map stays in order of use and the least recently used is evicted first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { admitted: true };
    }
    const first = bucket.toldAt === undefined || now - bucket.toldAt >= MINUTE;
    if (first) bucket.toldAt = now;
    return { admitted: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs), first };
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    return { ...bucket, tokens, at: now };
  }

  private sweep(now: number) {
    if (now - this.sweptAt < MINUTE) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      const full = bucket.tokens + Math.max(0, now - bucket.at) * this.perMs >= this.perMinute;
      const quiet = bucket.toldAt === undefined || now - bucket.toldAt >= MINUTE;
      if (full && quiet) this.buckets.delete(key);
    }
  }
}
