import type { Logger } from '../../src/ports/logger.js';

export interface LogLine {
  level: keyof Logger;
  fields: Record<string, unknown>;
  message: string;
}

/** Keeps every line logged, for tests of what the server logs and with which fields. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  readonly debug = this.recorder('debug');
  readonly info = this.recorder('info');
  readonly warn = this.recorder('warn');
  readonly error = this.recorder('error');

  /** The lines with this message. */
  withMessage(message: string): LogLine[] {
    return this.lines.filter((line) => line.message === message);
  }

  private recorder(level: keyof Logger) {
    return (fields: object, message: string) => {
      this.lines.push({ level, fields: fields as Record<string, unknown>, message });
    };
  }
}
