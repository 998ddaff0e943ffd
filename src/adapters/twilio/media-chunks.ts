/**
 * The model's audio on its way to one caller, as Twilio media messages of up to `chunkBytes` of μ-law
 * each. Twilio plays a media message of any length, and each message costs a write and a wake-up of
 * the peer whatever it carries, so full chunks go at once and a shorter rest waits for the end of the
 * event-loop turn, where it goes with whatever else the model has said in that turn: never later.
 */
export class MediaChunks {
  private readonly pending: Uint8Array;
  private length = 0;
  private flushQueued = false;

  /** `send` is given a view of a buffer reused for the next chunk: it must be done with it when it returns. */
  constructor(
    chunkBytes: number,
    private readonly send: (mulaw: Uint8Array) => void,
  ) {
    this.pending = new Uint8Array(chunkBytes);
  }

  add(mulaw: Uint8Array): void {
    const capacity = this.pending.length;
    let at = 0;
    // Whole chunks with nothing waiting before them go as they are, uncopied.
    if (this.length === 0) {
      for (; mulaw.length - at >= capacity; at += capacity) this.send(mulaw.subarray(at, at + capacity));
    }
    while (at < mulaw.length) {
      const taken = Math.min(mulaw.length - at, capacity - this.length);
      this.pending.set(mulaw.subarray(at, at + taken), this.length);
      this.length += taken;
      at += taken;
      if (this.length === capacity) this.flush();
    }
    if (this.length > 0 && !this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  /** Sends what is waiting now: before a mark, which must follow the audio it marks. */
  flush(): void {
    if (this.length === 0) return;
    const chunk = this.pending.subarray(0, this.length);
    this.length = 0;
    this.send(chunk);
  }

  /** Forgets what is waiting: the caller spoke over it, and Twilio is told to drop what it holds too. */
  drop(): void {
    this.length = 0;
  }
}
