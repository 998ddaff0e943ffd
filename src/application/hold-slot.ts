import type { Clinic } from '../domain/clinic.js';
import { domainError } from '../domain/domain-error.js';
import { holdSlot } from '../domain/hold.js';
import { checkMayHold, type PatientLimits, withTaken } from '../domain/patient-limits.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Slot, SlotId } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { Metrics } from '../ports/metrics.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import { takenSlots } from './taken-slots.js';

export class HoldSlot {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
    private readonly limits: PatientLimits,
    private readonly metrics: Metrics,
  ) {}

  /** The hold and the patient's taken slots are committed together, so racing holds of one patient count each other. */
  execute(slotId: SlotId, patient: PhoneNumber): Promise<Result<Slot>> {
    return commitWithRetry(this.store, this.metrics, async () => {
      const slot = await this.store.slot(slotId);
      if (!slot) return fail(domainError('SLOT_NOT_FOUND', `slotId: no slot ${slotId}`));
      const now = this.clock.now();
      const held = holdSlot(slot, patient, now, this.clinic.holdMinutes);
      if (!held.ok) return held;
      const { record, taken } = await takenSlots(this.store, patient, now);
      const allowed = checkMayHold(taken, slotId, patient, now, this.limits);
      if (!allowed.ok) return allowed;
      return ok({
        writes: [
          { kind: 'slot', record: held.value },
          { kind: 'patientSlots', record: withTaken(record, taken, slotId, patient, now) },
        ],
        value: bumped(held.value),
        change: 'hold',
      });
    });
  }
}
