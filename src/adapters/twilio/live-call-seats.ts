/**
 * How many calls this process bridges live at once. One JavaScript thread carries the audio of every
 * live call: past what it can carry, every caller's audio would come late, not just the newest one's.
 * So a call beyond the limit is answered by the speech IVR instead, where Twilio does the listening
 * and speaking and the server answers one webhook a turn.
 *
 * A seat is taken when the webhook offers a call a stream, so that calls ringing in together cannot
 * all be offered the last one; the stream then takes over that seat as it opens. An offer whose stream
 * never opens (the caller hung up first) frees its seat after `offerHoldMs`. A stream whose webhook
 * another server answered takes a free seat here, and is refused when there is none.
 */
export class LiveCallSeats {
  /** When each call not yet streaming was offered its stream, by CallSid. */
  private readonly offered = new Map<string, number>();
  private streaming = 0;

  constructor(
    readonly max: number,
    private readonly offerHoldMs = 10_000,
  ) {}

  /** At the webhook: whether `callSid` may be offered a live stream. If so, its seat is kept for it. */
  offer(callSid: string, now: number): boolean {
    if (this.full(now)) return false;
    this.offered.set(callSid, now);
    return true;
  }

  /**
   * A stream is opening: it sits in its call's offered seat, or takes a free one. What it returns
   * frees the seat; undefined when every seat is taken, and the stream must be refused.
   */
  take(callSid: string, now: number): (() => void) | undefined {
    if (!this.offered.delete(callSid) && this.full(now)) return undefined;
    this.streaming++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.streaming--;
    };
  }

  /** The calls streaming now, and the seats taken: theirs, and those kept for calls offered a stream. */
  occupancy(now: number): { streaming: number; taken: number } {
    for (const [sid, at] of this.offered) if (at <= now - this.offerHoldMs) this.offered.delete(sid);
    return { streaming: this.streaming, taken: this.streaming + this.offered.size };
  }

  private full(now: number): boolean {
    return this.occupancy(now).taken >= this.max;
  }
}
