import { domainError } from './domain-error.js';
import type { PhoneNumber } from './phone-number.js';
import { fail, ok, type Result } from './result.js';
import { type Slot, type SlotId, statusAt } from './slot.js';

/** How much of the schedule one patient may take at once: one number must not empty a week. */
export interface PatientLimits {
  /** Live holds (held and not yet expired). */
  maxHolds: number;
  /** Booked appointments that have not started yet. */
  maxAppointments: number;
}

/**
 * The slots a patient has taken, held or booked: where their holds and appointments are counted.
 * Each slot read back tells whether it is still theirs, so an id left here after a cancellation or an
 * expired hold counts for nothing. Every commit that gives a patient a slot writes this record at the
 * version it read, so two requests of one patient cannot both count before either has committed.
 */
export interface PatientSlots {
  patient: PhoneNumber;
  slotIds: SlotId[];
  version: number;
}

const isLiveHold = (slot: Slot, patient: PhoneNumber, now: number) =>
  statusAt(slot, now) === 'HELD' && slot.patient === patient;

const isUpcomingBooking = (slot: Slot, patient: PhoneNumber, now: number) =>
  slot.status === 'BOOKED' && slot.patient === patient && slot.start > now;

/** The patient's slots but `slotId` that `counts`: the slot asked for is never counted against itself. */
const othersCounted = (taken: readonly Slot[], slotId: SlotId, counts: (slot: Slot) => boolean) =>
  taken.filter((slot) => slot.slotId !== slotId && counts(slot)).length;

/** Holding again a slot the patient already holds takes nothing more: only other slots count. */
export function checkMayHold(
  taken: readonly Slot[],
  slotId: SlotId,
  patient: PhoneNumber,
  now: number,
  { maxHolds }: PatientLimits,
): Result<void> {
  const holds = othersCounted(taken, slotId, (slot) => isLiveHold(slot, patient, now));
  if (holds < maxHolds) return ok(undefined);
  const why = `phoneNumber: this patient already holds ${holds} slots, the most one patient may hold at once (${maxHolds})`;
  return fail(domainError('TOO_MANY_HOLDS', `${why}; confirm one or let a hold expire first`));
}

export function checkMayBook(
  taken: readonly Slot[],
  slotId: SlotId,
  patient: PhoneNumber,
  now: number,
  { maxAppointments }: PatientLimits,
): Result<void> {
  const booked = othersCounted(taken, slotId, (slot) => isUpcomingBooking(slot, patient, now));
  if (booked < maxAppointments) return ok(undefined);
  const why = `phoneNumber: this patient already has ${booked} upcoming appointments, the most one patient may book (${maxAppointments})`;
  return fail(domainError('TOO_MANY_APPOINTMENTS', `${why}; cancel one first`));
}

/**
 * The record once `slotId` is taken: the slots still the patient's (held or upcoming), and the new one.
 * What is no longer theirs is dropped here, so the record stays as short as the limits.
 */
export function withTaken(
  record: PatientSlots,
  taken: readonly Slot[],
  slotId: SlotId,
  patient: PhoneNumber,
  now: number,
): PatientSlots {
  const kept = taken
    .filter(
      (slot) => slot.slotId !== slotId && (isLiveHold(slot, patient, now) || isUpcomingBooking(slot, patient, now)),
    )
    .map((slot) => slot.slotId);
  return { ...record, slotIds: [...kept, slotId] };
}
