/**
 * SNS delivers at least once: a retry after a slow or lost answer repeats a MessageId. Ids are kept
 * for an hour, the longest SNS may go on retrying one delivery, and at most `maxEntries` of them,
 * in this process only; a text already answered is known again from the stored conversation, on
 * any server (`InboundText`).
 */
export class SeenMessageIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60 * 60 * 1000,
  ) {}

  /** True the first time an id is offered within the hour; false for its repeats. */
  firstTime(messageId: string, now: number): boolean {
    const at = this.seen.get(messageId);
    if (at !== undefined && at > now - this.maxAgeMs) return false;
    // Deleted first so the id moves to the end of the eviction order.
    this.seen.delete(messageId);
    this.seen.set(messageId, now);
    if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }
}
