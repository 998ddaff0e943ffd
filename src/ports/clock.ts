export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /**
   * Runs `task` once `ms` have passed on this clock, and returns what cancels it. Timers go through
   * the clock, not `setTimeout`, so tests move time instead of waiting for it.
   */
  after(ms: number, task: () => void): () => void;
}
