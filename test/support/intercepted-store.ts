import type { Appointment } from '../../src/domain/appointment.js';
import type { Notification } from '../../src/domain/notification.js';
import type { PatientSlots } from '../../src/domain/patient-limits.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { Slot, SlotId } from '../../src/domain/slot.js';
import type {
  BookingStore,
  CommitOptions,
  CommitOutcome,
  ListableSlot,
  StoreWrite,
} from '../../src/ports/booking-store.js';

/**
 * A store whose commits first await `beforeCommit(n)` (n counts from 0): the place to let another
 * request land between a use case's reads and its write, or to hold commits until several are ready.
 * Records every outcome, so a test can tell that the race it staged really happened.
 */
export class InterceptedStore implements BookingStore {
  readonly outcomes: CommitOutcome[] = [];
  private commits = 0;

  constructor(
    private readonly store: BookingStore,
    private readonly beforeCommit: (n: number) => Promise<void>,
  ) {}

  slot(slotId: SlotId): Promise<Slot | undefined> {
    return this.store.slot(slotId);
  }

  slotsBetween(from: number, to: number): Promise<Slot[]> {
    return this.store.slotsBetween(from, to);
  }

  listingBetween(from: number, to: number, providerId?: string): Promise<readonly ListableSlot[]> {
    return this.store.listingBetween(from, to, providerId);
  }

  appointment(appointmentId: string): Promise<Appointment | undefined> {
    return this.store.appointment(appointmentId);
  }

  appointmentsOf(patient: PhoneNumber): Promise<Appointment[]> {
    return this.store.appointmentsOf(patient);
  }

  appointmentsBetween(from: number, to: number): Promise<Appointment[]> {
    return this.store.appointmentsBetween(from, to);
  }

  patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined> {
    return this.store.patientSlots(patient);
  }

  addMissingSlots(slots: readonly Slot[]): Promise<number> {
    return this.store.addMissingSlots(slots);
  }

  async commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<CommitOutcome> {
    await this.beforeCommit(this.commits++);
    const outcome = await this.store.commit(writes, options);
    this.outcomes.push(outcome);
    return outcome;
  }

  notification(notificationId: string): Promise<Notification | undefined> {
    return this.store.notification(notificationId);
  }

  dueNotifications(now: number, limit: number): Promise<Notification[]> {
    return this.store.dueNotifications(now, limit);
  }

  ready(): Promise<void> {
    return this.store.ready();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
