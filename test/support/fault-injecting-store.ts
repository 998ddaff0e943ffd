import { setTimeout as sleep } from 'node:timers/promises';
import type { Appointment } from '../../src/domain/appointment.js';
import type { Notification } from '../../src/domain/notification.js';
import type { PatientSlots } from '../../src/domain/patient-limits.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { Slot, SlotId } from '../../src/domain/slot.js';
import {
  type BookingStore,
  type CommitOptions,
  type CommitOutcome,
  type ListableSlot,
  StoreUnavailableError,
  type StoreWrite,
} from '../../src/ports/booking-store.js';

/** When and how a store misbehaves: a window of wall-clock time, and within it latency and failures. */
export interface FaultPlan {
  /** Epoch ms, from (inclusive) until (exclusive); nothing is injected outside. */
  from: number;
  until: number;
  /** Each call in the window waits between these, in ms, before it reaches the store. */
  latencyMs: readonly [number, number];
  /** The share of calls in the window that fail instead of reaching the store, 0 to 1. */
  errorRate: number;
}

/**
 * What a real store throws when it cannot answer: the port's StoreUnavailableError (an outage, after
 * the adapter's own retries), SQLite's busy error as node:sqlite raises it once busy_timeout has run
 * out, and an error no one planned for.
 */
export const STORE_FAULTS: readonly (() => Error)[] = [
  () => new StoreUnavailableError(new Error('injected: the store did not answer')),
  () =>
    Object.assign(new Error('database is locked'), {
      code: 'ERR_SQLITE_ERROR',
      errcode: 5,
      errstr: 'database is locked',
    }),
  () => new Error('injected: an unexpected store failure'),
];

/**
 * A booking store that, during a planned window, delays every call and fails some; with no plan, or
 * outside the window, it passes every call on untouched. The fault is decided and thrown before the
 * call is passed on, so a failed commit never reaches the store: it fails whole, as a real store's
 * failed transaction does, and never half-writes.
 */
export class FaultInjectingStore implements BookingStore {
  private plan: FaultPlan | undefined;

  constructor(private readonly store: BookingStore) {}

  /** Follows `plan` from now on: a running server's store is planned once its load is about to start. */
  schedule(plan: FaultPlan): void {
    this.plan = plan;
  }

  slot(slotId: SlotId): Promise<Slot | undefined> {
    return this.call(() => this.store.slot(slotId));
  }

  slotsBetween(from: number, to: number, providerId?: string): Promise<Slot[]> {
    return this.call(() => this.store.slotsBetween(from, to, providerId));
  }

  listingBetween(from: number, to: number, providerId?: string): Promise<readonly ListableSlot[]> {
    return this.call(() => this.store.listingBetween(from, to, providerId));
  }

  appointment(appointmentId: string): Promise<Appointment | undefined> {
    return this.call(() => this.store.appointment(appointmentId));
  }

  appointmentsOf(patient: PhoneNumber): Promise<Appointment[]> {
    return this.call(() => this.store.appointmentsOf(patient));
  }

  appointmentsBetween(from: number, to: number): Promise<Appointment[]> {
    return this.call(() => this.store.appointmentsBetween(from, to));
  }

  patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined> {
    return this.call(() => this.store.patientSlots(patient));
  }

  addMissingSlots(slots: readonly Slot[]): Promise<number> {
    return this.call(() => this.store.addMissingSlots(slots));
  }

  commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<CommitOutcome> {
    return this.call(() => this.store.commit(writes, options));
  }

  notification(notificationId: string): Promise<Notification | undefined> {
    return this.call(() => this.store.notification(notificationId));
  }

  dueNotifications(now: number, limit: number): Promise<Notification[]> {
    return this.call(() => this.store.dueNotifications(now, limit));
  }

  ready(): Promise<void> {
    return this.call(() => this.store.ready());
  }

  /** Closing is the server's shutdown, not a call a patient's request makes: never faulted. */
  close(): Promise<void> {
    return this.store.close();
  }

  private async call<T>(passOn: () => Promise<T>): Promise<T> {
    const now = Date.now();
    if (this.plan && now >= this.plan.from && now < this.plan.until) {
      const { latencyMs, errorRate } = this.plan;
      const [least, most] = latencyMs;
      await sleep(least + Math.random() * (most - least));
      if (Math.random() < errorRate) throw STORE_FAULTS[Math.floor(Math.random() * STORE_FAULTS.length)]!();
    }
    return passOn();
  }
}
