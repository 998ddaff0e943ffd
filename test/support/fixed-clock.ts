import type { Clock } from '../../src/ports/clock.js';

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  set(instant: number | string) {
    this.current = typeof instant === 'string' ? Date.parse(instant) : instant;
  }

  advanceMinutes(minutes: number) {
    this.current += minutes * 60_000;
  }
}
