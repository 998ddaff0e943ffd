import { pino } from 'pino';
import { maskPhoneNumber } from '../../domain/phone-number.js';
import type { Logger } from '../../ports/logger.js';

/**
 * Structured JSON lines on stdout. A phone number logged under a patient field is masked on the
 * way out, so no call site can leak one by forgetting to mask it.
 */
export function createPinoLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['phoneNumber', 'patient', 'from', 'to', '*.phoneNumber', '*.patient'],
      censor: (value) => (typeof value === 'string' ? maskPhoneNumber(value) : '[redacted]'),
    },
  });
}
