import type { Appointment } from '../domain/appointment.js';
import type { Notification } from '../domain/notification.js';
import type { PatientSlots } from '../domain/patient-limits.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Slot, SlotId } from '../domain/slot.js';

/**
 * A record to write, carrying the version it was read at (0 for a record that must not exist yet).
 * The store writes it with version + 1.
 */
export type StoreWrite =
  | { kind: 'slot'; record: Slot }
  | { kind: 'appointment'; record: Appointment }
  | { kind: 'notification'; record: Notification }
  | { kind: 'patientSlots'; record: PatientSlots }
  /** Removes the slot for good: it is read and listed no more. For a clinic closing a day or losing a provider. */
  | { kind: 'slot-retired'; record: Slot };

/**
 * What a listing shows of a stored slot: when it is and whether it can be taken, never who holds or
 * booked it, nor its version.
 */
export type ListableSlot = Readonly<
  Pick<Slot, 'slotId' | 'providerId' | 'start' | 'end' | 'status' | 'holdExpiresAt' | 'blockReason'>
>;

/** A stored slot as a listing shows it, frozen; fields set one by one, as this runs for every slot listed. */
export function listableOf(slot: Slot): ListableSlot {
  const shown: { -readonly [K in keyof ListableSlot]: ListableSlot[K] } = {
    slotId: slot.slotId,
    start: slot.start,
    end: slot.end,
    status: slot.status,
  };
  if (slot.providerId !== undefined) shown.providerId = slot.providerId;
  if (slot.holdExpiresAt !== undefined) shown.holdExpiresAt = slot.holdExpiresAt;
  if (slot.blockReason !== undefined) shown.blockReason = slot.blockReason;
  return Object.freeze(shown);
}

/** The most writes one commit may carry, whichever store: DynamoDB's TransactWriteItems takes 100 items. */
export const MAX_WRITES_PER_COMMIT = 100;

export type CommitOutcome = { committed: true } | { committed: false; reason: 'VERSION_CONFLICT' };

export interface CommitOptions {
  /** The same token on a retried commit makes the store apply it once (where the engine supports it). */
  requestToken?: string;
}

/**
 * Slots and appointments, changed only by `commit`: all the writes land together, and only if
 * every record is still at the version it was read at. That one guarantee is what keeps two
 * patients from booking the same slot, whichever store a clinic runs.
 */
export interface BookingStore {
  slot(slotId: SlotId): Promise<Slot | undefined>;
  /** Slots starting in [from, to), ordered by start then id; only that provider's when `providerId` is given. */
  slotsBetween(from: number, to: number, providerId?: string): Promise<Slot[]>;
  /**
   * What a listing shows of the slots `slotsBetween` would answer, in the same order, frozen. Every
   * listing reads this, so a store may answer the same array again for as long as none of those
   * slots has changed, and never longer: the same array means the same slots, whichever connection
   * or process changed them meanwhile.
   */
  listingBetween(from: number, to: number, providerId?: string): Promise<readonly ListableSlot[]>;
  appointment(appointmentId: string): Promise<Appointment | undefined>;
  /** That patient's appointments, booked and cancelled, ordered by start. */
  appointmentsOf(patient: PhoneNumber): Promise<Appointment[]>;
  /**
   * Every patient's appointments starting in [from, to), booked and cancelled, ordered by start then
   * id: a clinic's records (the export), not the booking path.
   */
  appointmentsBetween(from: number, to: number): Promise<Appointment[]>;
  /** The slots that patient has taken, as last committed; read as strongly as a slot is. */
  patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined>;
  /** Inserts the slots whose ids are not stored yet and leaves every stored one as it is. */
  addMissingSlots(slots: readonly Slot[]): Promise<number>;
  commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<CommitOutcome>;
  notification(notificationId: string): Promise<Notification | undefined>;
  /**
   * Up to `limit` PENDING notifications due by `now` whose lease, if any, has run out, earliest due
   * first. What is listed is only a candidate: a dispatcher claims one by committing over its version.
   */
  dueNotifications(now: number, limit: number): Promise<Notification[]>;
  /**
   * Resolves once the store has answered a read of its own tables; rejects with StoreUnavailableError
   * when it cannot be reached or its tables are missing. What a readiness probe asks.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store cannot be reached, or stays busy, after its own retries: try again later. The message
 * says which in words a client may be shown; what went wrong underneath is the cause, for the logs.
 */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown, message = 'the appointment store is not answering') {
    super(message, { cause });
  }
}
