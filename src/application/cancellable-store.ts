export class ToolCallCancelledError extends Error {
  constructor() {
    super('the tool call was cancelled before it committed');
  }
}

type Method<T> = { [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/**
 * A store as one tool call sees it: once `signal` is aborted, its `writing` method makes no further
 * change. The check sits right before the write, the one point after which a change cannot be taken
 * back; reads go on as before.
 */
export function cancellable<T extends object>(store: T, writing: Method<T>, signal: AbortSignal): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      if (property !== writing) return member.bind(target);
      return (...args: unknown[]) =>
        signal.aborted ? Promise.reject(new ToolCallCancelledError()) : member.apply(target, args);
    },
  });
}
