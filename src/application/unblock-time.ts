import { unblockSlot } from '../domain/blocked-time.js';
import type { Clinic } from '../domain/clinic.js';
import { domainError } from '../domain/domain-error.js';
import { horizonDates } from '../domain/generate-slots.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Slot } from '../domain/slot.js';
import { type BookingStore, MAX_WRITES_PER_COMMIT, type StoreWrite } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { Metrics } from '../ports/metrics.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import { type SelectedDay, selectedDays, storedOn, type TimeSelection } from './time-selection.js';

/**
 * Staff give blocked time back, day by day, each commit at the versions read. Within the published
 * horizon a slot is free again at once; beyond it the slot is removed, as it was before the block,
 * and publishing opens it with the rest of its day.
 */
export class UnblockTime {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
    private readonly metrics: Metrics,
  ) {}

  /** The slots that were blocked, as they now are. */
  async execute(selection: TimeSelection): Promise<Result<Slot[]>> {
    const days = selectedDays(selection, this.clinic.timeZone);
    if ('slotId' in selection) {
      const [slot] = await storedOn(this.store, days[0]!);
      if (!slot) return fail(domainError('SLOT_NOT_FOUND', `slotId: no slot ${selection.slotId}`));
      if (slot.start <= this.clock.now())
        return fail(domainError('SLOT_IN_PAST', `slotId: slot ${selection.slotId} has already started`));
    }
    const unblocked: Slot[] = [];
    for (const day of days) {
      for (;;) {
        const step = await commitWithRetry(this.store, this.metrics, () => this.nextCommit(day));
        if (!step.ok) return step;
        if (step.value.length === 0) break;
        unblocked.push(...step.value);
      }
    }
    return ok(unblocked);
  }

  private async nextCommit(day: SelectedDay): Promise<Result<{ writes: StoreWrite[]; value: Slot[] }>> {
    const now = this.clock.now();
    const published = day.date <= horizonDates(this.clinic, now).at(-1)!;
    const writes: StoreWrite[] = [];
    const freed: Slot[] = [];
    for (const slot of await storedOn(this.store, day)) {
      if (slot.status !== 'BLOCKED' || slot.start <= now) continue;
      if (writes.length === MAX_WRITES_PER_COMMIT) break;
      const unblocked = unblockSlot(slot, now);
      if (!unblocked.ok) return unblocked;
      writes.push(published ? { kind: 'slot', record: unblocked.value } : { kind: 'slot-retired', record: slot });
      freed.push(bumped(unblocked.value));
    }
    return ok({ writes, value: freed });
  }
}
