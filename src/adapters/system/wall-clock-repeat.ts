import type { Repeat } from '../../application/slot-watcher.js';

/** Repeats on the wall clock; a pending repeat never keeps a stopping process alive. */
export const everyWallClockMs: Repeat = (everyMs, task) => {
  const timer = setInterval(task, everyMs).unref();
  return () => clearInterval(timer);
};
