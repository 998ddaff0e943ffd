import { type Notification, overtaken } from '../domain/notification.js';
import { maskPhoneNumber } from '../domain/phone-number.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { LogContext } from '../ports/log-context.js';
import type { Logger } from '../ports/logger.js';
import type { Messenger } from '../ports/messenger.js';
import type { OptOuts } from '../ports/opt-outs.js';
import type { WhatsappWindows } from './whatsapp-windows.js';

export interface DispatchPolicy {
  batchSize: number;
  /** How long a claimed notification is reserved for its dispatcher: longer than any one send. */
  leaseMs: number;
  maxAttempts: number;
  /** The wait after the first failure; each later one doubles, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  batchSize: 25,
  leaseMs: 60_000,
  maxAttempts: 8,
  retryDelayMs: 30_000,
  maxRetryDelayMs: 30 * 60_000,
};

export interface DispatchReport {
  sent: number;
  retrying: number;
  failed: number;
  skipped: number;
}

function withoutLease(notification: Notification): Notification {
  const { leaseUntil: _lease, ...rest } = notification;
  return rest;
}

/**
 * Sends what the outbox owes. Each notification is first claimed by a versioned commit (a lease),
 * so of several servers only one sends it; then sent; then marked SENT in another versioned commit.
 * A failed send is retried later with backoff and is never reported as sent. A dispatcher that dies
 * after claiming leaves a lease that simply runs out, and the next one sends it. On WhatsApp a text
 * goes as the patient's 24-hour window allows: as written, as a template, or not at all.
 */
export class DispatchNotifications {
  constructor(
    private readonly store: BookingStore,
    private readonly messenger: Messenger,
    private readonly optOuts: OptOuts,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly logContext: LogContext,
    private readonly whatsapp: WhatsappWindows,
    private readonly policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY,
  ) {}

  /**
   * `stopping`: once aborted, no other notification is claimed; the one being sent is sent and
   * recorded, and the rest stay due, unclaimed, for the next round (another server's, or after a restart).
   */
  async execute(stopping?: AbortSignal): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    for (const due of await this.store.dueNotifications(this.clock.now(), this.policy.batchSize)) {
      if (stopping?.aborted) break;
      const claimed = { ...due, attempts: due.attempts + 1, leaseUntil: this.clock.now() + this.policy.leaseMs };
      if (!(await this.store.commit([{ kind: 'notification', record: claimed }])).committed) continue;
      // Every line of the attempt, the messenger's too, says which notification and which attempt it is.
      const outcome = await this.logContext.run(
        { notificationId: claimed.notificationId, attempt: claimed.attempts },
        () => this.deliver({ ...claimed, version: claimed.version + 1 }),
      );
      report[outcome]++;
    }
    return report;
  }

  private async deliver(claimed: Notification): Promise<keyof DispatchReport> {
    const fields = { kind: claimed.kind, to: maskPhoneNumber(claimed.patient) };
    const appointment =
      claimed.appointmentVersion !== undefined || claimed.channel === 'whatsapp'
        ? await this.store.appointment(claimed.appointmentId)
        : undefined;
    if (appointment && overtaken(claimed, appointment)) {
      await this.settle({
        ...withoutLease(claimed),
        status: 'SKIPPED',
        lastError: 'overtaken by a later change to the appointment',
      });
      this.logger.info(fields, 'notification skipped: a later change to the appointment overtook it');
      return 'skipped';
    }
    if (await this.optOuts.isOptedOut(claimed.patient)) {
      await this.settle({ ...withoutLease(claimed), status: 'SKIPPED', lastError: 'patient opted out' });
      this.logger.info(fields, 'notification skipped: patient opted out');
      return 'skipped';
    }
    const wording =
      claimed.channel === 'whatsapp' ? await this.whatsapp.wordingOf(claimed, appointment, this.clock.now()) : {};
    if ('refused' in wording) {
      // Not retried: WhatsApp would refuse the free text every time; the clinic names the template it lacks.
      await this.settle({ ...withoutLease(claimed), status: 'FAILED', lastError: wording.refused });
      this.logger.warn({ ...fields, reason: wording.refused }, 'notification not sent: WhatsApp needs a template');
      return 'failed';
    }
    let providerId: string;
    try {
      ({ providerId } = await this.messenger.send({
        to: claimed.patient,
        channel: claimed.channel,
        body: claimed.body,
        ...wording,
      }));
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
      const giveUp = claimed.attempts >= this.policy.maxAttempts;
      const delay = Math.min(this.policy.maxRetryDelayMs, this.policy.retryDelayMs * 2 ** (claimed.attempts - 1));
      await this.settle({
        ...withoutLease(claimed),
        status: giveUp ? 'FAILED' : 'PENDING',
        dueAt: this.clock.now() + (giveUp ? 0 : delay),
        lastError: reason,
      });
      this.logger.warn(
        { ...fields, reason, giveUp },
        giveUp ? 'notification failed for good' : 'notification send failed; will retry',
      );
      return giveUp ? 'failed' : 'retrying';
    }
    await this.settle({ ...withoutLease(claimed), status: 'SENT', sentAt: this.clock.now(), providerId });
    const template = wording.template ? { template: wording.template.contentSid } : {};
    this.logger.info({ ...fields, providerId, ...template }, 'notification sent');
    return 'sent';
  }

  /**
   * Records the outcome over the claim's version. Losing here means the lease ran out mid-send and
   * another dispatcher took over: its record stands.
   */
  private async settle(record: Notification) {
    const outcome = await this.store.commit([{ kind: 'notification', record }]);
    if (!outcome.committed) this.logger.warn({}, 'notification outcome not recorded: its lease was taken over');
  }
}
