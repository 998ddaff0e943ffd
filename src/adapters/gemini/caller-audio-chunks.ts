import type { CallerSampleRate } from '../../ports/voice-model.js';

/**
 * Gathers the caller's 20 ms frames into chunks of `chunkMs` before they go to Gemini Live, which
 * takes realtime audio in chunks of any length: each message costs a write, a wake-up of the peer and
 * a read on both sides, whatever it carries, so fewer, longer ones halve the work of the caller's
 * leg. A chunk goes as soon as it is full, and at the latest `chunkMs` after its first frame came,
 * so the caller's voice never waits longer than one chunk, even when frames stop arriving.
 */
export class CallerAudioChunks {
  private readonly pending: Int16Array;
  private length = 0;
  private deadline: NodeJS.Timeout | undefined;

  /** `send` is given a view of a buffer reused for the next chunk: it must be done with it when it returns. */
  constructor(
    private readonly chunkMs: number,
    sampleRate: CallerSampleRate,
    private readonly send: (pcm: Int16Array) => void,
  ) {
    this.pending = new Int16Array((chunkMs * sampleRate) / 1000);
  }

  add(pcm: Int16Array): void {
    const capacity = this.pending.length;
    let at = 0;
    // A whole chunk or more with nothing waiting goes as it is, uncopied: every frame, at 20 ms chunks.
    if (this.length === 0) {
      for (; pcm.length - at >= capacity; at += capacity) this.send(pcm.subarray(at, at + capacity));
    }
    while (at < pcm.length) {
      const taken = Math.min(pcm.length - at, capacity - this.length);
      this.pending.set(pcm.subarray(at, at + taken), this.length);
      this.length += taken;
      at += taken;
      if (this.length === capacity) this.flush();
    }
    if (this.length > 0 && !this.deadline) this.deadline = setTimeout(() => this.flush(), this.chunkMs);
  }

  /** Sends what is waiting now: before a text, so that the model hears what the caller said first. */
  flush(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
    if (this.length === 0) return;
    const chunk = this.pending.subarray(0, this.length);
    this.length = 0;
    this.send(chunk);
  }

  /** Forgets what is waiting: the session has ended. */
  drop(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
    this.length = 0;
  }
}
