import { domainError } from './domain-error.js';
import type { PhoneNumber } from './phone-number.js';
import { fail, ok, type Result } from './result.js';
import { freed, type Slot, statusAt } from './slot.js';

const MINUTE = 60_000;

/** A slot a patient may take: in the future, and free or already held by that same patient. */
export function checkTakeable(slot: Slot, patient: PhoneNumber, now: number, field = 'slotId'): Result<Slot> {
  if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `${field}: slot ${slot.slotId} has already started`));
  const status = statusAt(slot, now);
  if (status === 'BLOCKED') return fail(domainError('SLOT_BLOCKED', `${field}: slot ${slot.slotId} is not available`));
  const ownHold = status === 'HELD' && slot.patient === patient;
  if (status !== 'AVAILABLE' && !ownHold) {
    return fail(domainError('SLOT_UNAVAILABLE', `${field}: slot ${slot.slotId} is no longer available`));
  }
  return ok(slot);
}

/**
 * A patient may hold a free slot, or one whose hold has expired, until the clinic's hold length
 * runs out. Holding again what one already holds starts the hold afresh.
 */
export function holdSlot(slot: Slot, patient: PhoneNumber, now: number, holdMinutes: number): Result<Slot> {
  const takeable = checkTakeable(slot, patient, now);
  if (!takeable.ok) return takeable;
  return ok({ ...freed(slot), status: 'HELD', patient, holdExpiresAt: now + holdMinutes * MINUTE });
}
