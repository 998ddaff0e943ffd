import type { Clinic } from '../domain/clinic.js';
import { type Slot, statusAt } from '../domain/slot.js';
import { addDays, fromLocal } from '../domain/zoned-time.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';

/** A clinic-local day, or a span of instants: what the front desk asks a list for. */
export type TimeSpan = { day: string } | { from: number; to: number };

export type SlotQuery = TimeSpan & {
  onlyAvailable?: boolean;
  providerId?: string;
};

/** The instants a span covers, [from, to): a day from its local midnight to the next. */
export function instantsOf(span: TimeSpan, timeZone: string): [number, number] {
  return 'day' in span
    ? [fromLocal(span.day, '00:00', timeZone), fromLocal(addDays(span.day, 1), '00:00', timeZone)]
    : [span.from, span.to];
}

/** What a patient or the front desk may see of a slot: never who holds or booked it. */
export interface ListedSlot {
  slotId: Slot['slotId'];
  providerId?: string;
  start: number;
  end: number;
  status: Slot['status'];
  /** Until when a held slot waits for its confirmation: the front desk sees how long a caller has left. */
  holdExpiresAt?: number;
  /** Staff's reason, while BLOCKED. */
  blockReason?: string;
}

export class ListSlots {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  async execute(query: SlotQuery): Promise<ListedSlot[]> {
    const [from, to] = instantsOf(query, this.clinic.timeZone);
    const now = this.clock.now();
    const views: ListedSlot[] = [];
    for (const slot of await this.store.slotsBetween(from, to, query.providerId)) {
      // A slot that has started can no longer be taken; it stays listed only as a booking.
      if (slot.start <= now && slot.status !== 'BOOKED') continue;
      const status = statusAt(slot, now);
      if (query.onlyAvailable && status !== 'AVAILABLE') continue;
      // Fields set one by one, not spread in: this runs for every slot of every listing.
      const view: ListedSlot = { slotId: slot.slotId, start: slot.start, end: slot.end, status };
      if (slot.providerId) view.providerId = slot.providerId;
      if (status === 'HELD') view.holdExpiresAt = slot.holdExpiresAt!;
      if (slot.blockReason) view.blockReason = slot.blockReason;
      views.push(view);
    }
    return views;
  }
}
