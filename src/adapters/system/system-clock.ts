import type { Clock } from '../../ports/clock.js';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  after(ms: number, task: () => void): () => void {
    // A pending timer never keeps a stopping process alive.
    const timer = setTimeout(task, ms).unref();
    return () => clearTimeout(timer);
  }
}
