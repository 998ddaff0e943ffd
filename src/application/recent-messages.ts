/**
 * Channels deliver at least once: Twilio retries a webhook after a slow or lost answer, SNS a
 * delivery it thinks timed out. What the first delivery of a message started is kept under its id,
 * so a repeat finds it instead of starting again. Bounded in entries and age (an hour, the longest
 * either goes on retrying), and held in this process only: a message answered before, by this server
 * or another, is known again from the stored conversation (`InboundText`).
 */
export class RecentMessages<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60 * 60 * 1000,
  ) {}

  /** What was kept for this id within the hour (`first: false`), or what `start` gives it now. */
  remember(id: string, now: number, start: () => V): { value: V; first: boolean } {
    const known = this.entries.get(id);
    if (known && known.at > now - this.maxAgeMs) return { value: known.value, first: false };
    // Deleted first so that the id moves to the end of the eviction order.
    this.entries.delete(id);
    const value = start();
    this.entries.set(id, { at: now, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return { value, first: true };
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
