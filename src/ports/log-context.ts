/**
 * Fields (a request id, a call's sid, a notification id) added to every line logged while `work`
 * runs, however deep, without handing a logger down through each use case.
 */
export interface LogContext {
  run<T>(fields: Readonly<Record<string, unknown>>, work: () => T): T;
}
