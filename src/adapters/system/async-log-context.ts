import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogContext } from '../../ports/log-context.js';
import type { Logger } from '../../ports/logger.js';

/** The context follows the work through every await, in Node's async local storage. */
export class AsyncLogContext implements LogContext {
  private readonly fields = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();

  run<T>(fields: Readonly<Record<string, unknown>>, work: () => T): T {
    return this.fields.run({ ...this.fields.getStore(), ...fields }, work);
  }

  runner(fields: Readonly<Record<string, unknown>>): <T>(work: () => T) => T {
    const store = { ...this.fields.getStore(), ...fields };
    return (work) => this.fields.run(store, work);
  }

  /** `logger`, each line carrying the fields of the context it is written in; a line's own fields win. */
  logging(logger: Logger): Logger {
    const write =
      (level: keyof Logger) =>
      (fields: object, message: string): void => {
        const around = this.fields.getStore();
        logger[level](around ? { ...around, ...fields } : fields, message);
      };
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  }
}
