import type { Clinic } from '../domain/clinic.js';
import { type Slot, statusAt } from '../domain/slot.js';
import { addDays, fromLocal } from '../domain/zoned-time.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';

export type SlotQuery = ({ day: string } | { from: number; to: number }) & {
  onlyAvailable?: boolean;
  providerId?: string;
};

/** What a patient or the front desk may see of a slot: never who holds or booked it. */
export interface ListedSlot {
  slotId: Slot['slotId'];
  providerId?: string;
  start: number;
  end: number;
  status: Slot['status'];
}

export class ListSlots {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  async execute(query: SlotQuery): Promise<ListedSlot[]> {
    const [from, to] =
      'day' in query
        ? [
            fromLocal(query.day, '00:00', this.clinic.timeZone),
            fromLocal(addDays(query.day, 1), '00:00', this.clinic.timeZone),
          ]
        : [query.from, query.to];
    const now = this.clock.now();
    const views: ListedSlot[] = [];
    for (const slot of await this.store.slotsBetween(from, to, query.providerId)) {
      // A slot that has started can no longer be taken; it stays listed only as a booking.
      if (slot.start <= now && slot.status !== 'BOOKED') continue;
      const status = statusAt(slot, now);
      if (query.onlyAvailable && status !== 'AVAILABLE') continue;
      views.push({
        slotId: slot.slotId,
        ...(slot.providerId ? { providerId: slot.providerId } : {}),
        start: slot.start,
        end: slot.end,
        status,
      });
    }
    return views;
  }
}
