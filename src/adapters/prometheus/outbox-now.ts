import { type BookingStore, StoreUnavailableError } from '../../ports/booking-store.js';
import type { Clock } from '../../ports/clock.js';

/**
 * The outbox is counted up to this many due notifications: a backlog that large is an alarm already,
 * and reading all of it at every scrape would cost more the worse it gets.
 */
export const OUTBOX_COUNTED = 1000;

export interface OutboxNow {
  due: number;
  oldestAgeSeconds: number;
}

/**
 * The outbox as it stands: how many notifications are due and neither sent nor being sent, and how
 * long the oldest of them has waited past its due time. NaN while the store does not answer (the
 * readiness probe tells that), so that the rest of a scrape is still served.
 */
export async function outboxNow(outbox: Pick<BookingStore, 'dueNotifications'>, clock: Clock): Promise<OutboxNow> {
  const now = clock.now();
  try {
    const due = await outbox.dueNotifications(now, OUTBOX_COUNTED);
    return { due: due.length, oldestAgeSeconds: (now - (due[0]?.dueAt ?? now)) / 1000 };
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return { due: Number.NaN, oldestAgeSeconds: Number.NaN };
  }
}
