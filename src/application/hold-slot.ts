import type { Clinic } from '../domain/clinic.js';
import { domainError } from '../domain/domain-error.js';
import { holdSlot } from '../domain/hold.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Slot, SlotId } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';

export class HoldSlot {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  execute(slotId: SlotId, patient: PhoneNumber): Promise<Result<Slot>> {
    return commitWithRetry(this.store, async () => {
      const slot = await this.store.slot(slotId);
      if (!slot) return fail(domainError('SLOT_NOT_FOUND', `slotId: no slot ${slotId}`));
      const held = holdSlot(slot, patient, this.clock.now(), this.clinic.holdMinutes);
      if (!held.ok) return held;
      return ok({ writes: [{ kind: 'slot', record: held.value }], value: bumped(held.value) });
    });
  }
}
