import type { Clinic } from '../domain/clinic.js';
import { rememberedPerZone } from '../domain/remembered-per-zone.js';
import { type Slot, statusAt } from '../domain/slot.js';
import { addDays, fromLocal } from '../domain/zoned-time.js';
import type { BookingStore, ListableSlot } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';

/** A clinic-local day, or a span of instants: what the front desk asks a list for. */
export type TimeSpan = { day: string } | { from: number; to: number };

export type SlotQuery = TimeSpan & {
  onlyAvailable?: boolean;
  providerId?: string;
};

// Every listing of a day asks for its two midnights, and working out the next day's name costs more than the look-up.
const midnights = rememberedPerZone<string, readonly [number, number]>();

/** The instants a span covers, [from, to): a day from its local midnight to the next. */
export function instantsOf(span: TimeSpan, timeZone: string): readonly [number, number] {
  if (!('day' in span)) return [span.from, span.to];
  const { day } = span;
  return midnights(timeZone, day, () => [
    fromLocal(day, '00:00', timeZone),
    fromLocal(addDays(day, 1), '00:00', timeZone),
  ]);
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

/** A listing made at `since`, the same for every moment before `until`. */
interface Listing {
  slots: readonly ListedSlot[];
  since: number;
  until: number;
}

/**
 * What a patient or the front desk is shown of `stored` at `now`, and until when it holds: until the
 * next of its free or held slots starts (it is no longer listed) and the next of its holds expires
 * (the slot is free again).
 */
function listingAt(stored: readonly ListableSlot[], now: number, onlyAvailable: boolean): Listing {
  const slots: ListedSlot[] = [];
  let until = Number.POSITIVE_INFINITY;
  for (const slot of stored) {
    // A slot that has started can no longer be taken; it stays listed only as a booking.
    if (slot.status !== 'BOOKED') {
      if (slot.start <= now) continue;
      until = Math.min(until, slot.start);
    }
    const status = statusAt(slot, now);
    if (status === 'HELD') until = Math.min(until, slot.holdExpiresAt!);
    if (onlyAvailable && status !== 'AVAILABLE') continue;
    // Fields set one by one, not spread in: this runs for every slot of a listing.
    const view: ListedSlot = { slotId: slot.slotId, start: slot.start, end: slot.end, status };
    if (slot.providerId) view.providerId = slot.providerId;
    if (status === 'HELD') view.holdExpiresAt = slot.holdExpiresAt!;
    if (slot.blockReason) view.blockReason = slot.blockReason;
    slots.push(Object.freeze(view));
  }
  return { slots: Object.freeze(slots), since: now, until };
}

export class ListSlots {
  /**
   * The listings made of each array the store answered. A store answers the same array only while
   * its slots are unchanged (BookingStore.listingBetween), and a listing is kept only for the moments
   * it holds, so none is ever shown stale; an array the store has let go takes its listings with it.
   */
  private readonly made = new WeakMap<readonly ListableSlot[], { all?: Listing; available?: Listing }>();

  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  /** The same array again, for as long as it holds: what shows it may keep what it made of it. */
  async execute(query: SlotQuery): Promise<readonly ListedSlot[]> {
    const [from, to] = instantsOf(query, this.clinic.timeZone);
    const now = this.clock.now();
    const stored = await this.store.listingBetween(from, to, query.providerId);
    const kind = query.onlyAvailable ? 'available' : 'all';
    let made = this.made.get(stored);
    const kept = made?.[kind];
    if (kept && kept.since <= now && now < kept.until) return kept.slots;
    if (!made) {
      made = {};
      this.made.set(stored, made);
    }
    const listing = listingAt(stored, now, query.onlyAvailable ?? false);
    made[kind] = listing;
    return listing.slots;
  }
}
