import type { Clock } from '../../src/ports/clock.js';

/** A clock tests move by hand; its timers fire, in order, as it is moved past them. */
export class FixedClock implements Clock {
  private readonly timers = new Set<{ at: number; task: () => void }>();

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  after(ms: number, task: () => void): () => void {
    const timer = { at: this.current + ms, task };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  set(instant: number | string) {
    const target = typeof instant === 'string' ? Date.parse(instant) : instant;
    for (;;) {
      const due = [...this.timers].filter(({ at }) => at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.current = Math.max(this.current, due.at);
      due.task();
    }
    this.current = target;
  }

  advance(ms: number) {
    this.set(this.current + ms);
  }

  advanceMinutes(minutes: number) {
    this.advance(minutes * 60_000);
  }
}
