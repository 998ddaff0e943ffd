/**
 * Twilio may deliver one message twice (a retry after a slow or lost answer). The first delivery's
 * work is kept by MessageSid, so a second one waits for it and gets the same reply instead of
 * running the receptionist again. Bounded in entries and age; held in this process, for deliveries
 * that overlap. One that comes once the first is answered, to this server or another, is answered
 * from the stored conversation (`InboundText`).
 */
export class RepliesByMessageSid<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60 * 60 * 1000,
  ) {}

  once(messageSid: string, now: number, work: () => Promise<T>): { value: Promise<T>; first: boolean } {
    const known = this.entries.get(messageSid);
    if (known && known.at > now - this.maxAgeMs) return { value: known.value, first: false };
    const value = work();
    this.entries.set(messageSid, { at: now, value });
    // Failed work is forgotten, so Twilio's retry of it gets a fresh try.
    value.catch(() => this.entries.delete(messageSid));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return { value, first: true };
  }
}
