import cluster from 'node:cluster';
import { pino } from 'pino';
import { maskPhoneNumber } from '../../domain/phone-number.js';
import type { Logger } from '../../ports/logger.js';

/**
 * Structured JSON lines on stdout. A phone number logged under a patient field is masked on the
 * way out, so no call site can leak one by forgetting to mask it. A worker of several on one machine
 * names itself on every line (`worker`), so that a request, a call or a crash can be told apart.
 */
export function createPinoLogger(level: string): Logger {
  return pino({
    level,
    base: cluster.isWorker ? { worker: cluster.worker?.id } : undefined,
    redact: {
      paths: ['phoneNumber', 'patient', 'from', 'to', '*.phoneNumber', '*.patient'],
      censor: (value) => (typeof value === 'string' ? maskPhoneNumber(value) : '[redacted]'),
    },
  });
}
