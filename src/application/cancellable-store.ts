import type { BookingStore } from '../ports/booking-store.js';

export class ToolCallCancelledError extends Error {
  constructor() {
    super('the tool call was cancelled before it committed');
  }
}

/**
 * The store as one tool call sees it: once `signal` is aborted, no further commit is made. The
 * check sits right before the commit, the one point after which a change cannot be taken back.
 */
export function cancellableStore(store: BookingStore, signal: AbortSignal): BookingStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (property !== 'commit') return typeof member === 'function' ? member.bind(target) : member;
      return (...args: Parameters<BookingStore['commit']>) => {
        if (signal.aborted) return Promise.reject(new ToolCallCancelledError());
        return target.commit(...args);
      };
    },
  });
}
