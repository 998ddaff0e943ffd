/**
 * Fields (a request id, a call's sid, a notification id) added to every line logged while `work`
 * runs, however deep, without handing a logger down through each use case.
 */
export interface LogContext {
  run<T>(fields: Readonly<Record<string, unknown>>, work: () => T): T;
  /** `run` with these fields, and those of the context it is called in, for work done many times over. */
  runner(fields: Readonly<Record<string, unknown>>): <T>(work: () => T) => T;
}
