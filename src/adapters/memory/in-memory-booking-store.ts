import type { Appointment } from '../../domain/appointment.js';
import type { Notification } from '../../domain/notification.js';
import type { PatientSlots } from '../../domain/patient-limits.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Slot, SlotId } from '../../domain/slot.js';
import {
  type BookingStore,
  type CommitOutcome,
  type ListableSlot,
  listableOf,
  type StoreWrite,
} from '../../ports/booking-store.js';

/** Enough for every day and provider a clinic's staff and patients look at between two changes. */
const MOST_LISTINGS = 256;

const byStartThenId = (a: Slot, b: Slot) =>
  a.start - b.start || (a.slotId < b.slotId ? -1 : a.slotId > b.slotId ? 1 : 0);

/**
 * Everything in this process's memory, lost on restart: for tests and trials. A commit checks and
 * writes in one synchronous step, which is atomic on Node's single thread.
 */
export class InMemoryBookingStore implements BookingStore {
  private readonly slots = new Map<string, Slot>();
  private ordered: Slot[] = [];
  private readonly appointments = new Map<string, Appointment>();
  private readonly appointmentsByPatient = new Map<string, Set<string>>();
  private readonly notifications = new Map<string, Notification>();
  private readonly patientSlotsOf = new Map<string, PatientSlots>();
  /** The listings answered since the last change: every change goes through one of two methods, which empty it. */
  private readonly listings = new Map<string, readonly ListableSlot[]>();

  async slot(slotId: SlotId): Promise<Slot | undefined> {
    const slot = this.slots.get(slotId);
    return slot && { ...slot };
  }

  async slotsBetween(from: number, to: number, providerId?: string): Promise<Slot[]> {
    return this.storedBetween(from, to, providerId).map((slot) => ({ ...slot }));
  }

  async listingBetween(from: number, to: number, providerId?: string): Promise<readonly ListableSlot[]> {
    const key = providerId === undefined ? `${from} ${to}` : `${from} ${to} ${providerId}`;
    let listing = this.listings.get(key);
    if (!listing) {
      if (this.listings.size >= MOST_LISTINGS) this.listings.clear();
      listing = Object.freeze(this.storedBetween(from, to, providerId).map(listableOf));
      this.listings.set(key, listing);
    }
    return listing;
  }

  async appointment(appointmentId: string): Promise<Appointment | undefined> {
    const appointment = this.appointments.get(appointmentId);
    return appointment && { ...appointment };
  }

  async appointmentsOf(patient: PhoneNumber): Promise<Appointment[]> {
    const ids = this.appointmentsByPatient.get(patient) ?? new Set();
    return [...ids].map((id) => ({ ...this.appointments.get(id)! })).sort((a, b) => a.start - b.start);
  }

  async appointmentsBetween(from: number, to: number): Promise<Appointment[]> {
    return [...this.appointments.values()]
      .filter((appointment) => appointment.start >= from && appointment.start < to)
      .map((appointment) => ({ ...appointment }))
      .sort((a, b) => a.start - b.start || (a.appointmentId < b.appointmentId ? -1 : 1));
  }

  async patientSlots(patient: PhoneNumber): Promise<PatientSlots | undefined> {
    const record = this.patientSlotsOf.get(patient);
    return record && { ...record, slotIds: [...record.slotIds] };
  }

  async addMissingSlots(slots: readonly Slot[]): Promise<number> {
    let added = 0;
    for (const slot of slots) {
      if (this.slots.has(slot.slotId)) continue;
      this.slots.set(slot.slotId, { ...slot, version: 1 });
      added++;
    }
    if (added > 0) {
      this.ordered = [...this.slots.values()].sort(byStartThenId);
      this.listings.clear();
    }
    return added;
  }

  async commit(writes: readonly StoreWrite[]): Promise<CommitOutcome> {
    for (const write of writes) {
      if ((this.current(write)?.version ?? 0) !== write.record.version)
        return { committed: false, reason: 'VERSION_CONFLICT' };
    }
    for (const write of writes) {
      if (write.kind === 'slot-retired') this.retire(write.record.slotId);
      else if (write.kind === 'slot')
        this.slots.set(write.record.slotId, { ...write.record, version: write.record.version + 1 });
      else if (write.kind === 'appointment')
        this.storeAppointment({ ...write.record, version: write.record.version + 1 });
      else if (write.kind === 'patientSlots')
        this.patientSlotsOf.set(write.record.patient, {
          ...write.record,
          slotIds: [...write.record.slotIds],
          version: write.record.version + 1,
        });
      else this.notifications.set(write.record.notificationId, { ...write.record, version: write.record.version + 1 });
    }
    this.listings.clear();
    return { committed: true };
  }

  async notification(notificationId: string): Promise<Notification | undefined> {
    const notification = this.notifications.get(notificationId);
    return notification && { ...notification };
  }

  async dueNotifications(now: number, limit: number): Promise<Notification[]> {
    return [...this.notifications.values()]
      .filter((n) => n.status === 'PENDING' && n.dueAt <= now && (n.leaseUntil ?? 0) <= now)
      .sort((a, b) => a.dueAt - b.dueAt || (a.notificationId < b.notificationId ? -1 : 1))
      .slice(0, limit)
      .map((n) => ({ ...n }));
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}

  /** The stored slots themselves, not copies: read and mapped in one synchronous step, so no commit comes between. */
  private storedBetween(from: number, to: number, providerId?: string): Slot[] {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.ordered[mid]!.start < from) low = mid + 1;
      else high = mid;
    }
    const found: Slot[] = [];
    for (let i = low; i < this.ordered.length && this.ordered[i]!.start < to; i++) {
      const slot = this.slots.get(this.ordered[i]!.slotId)!;
      if (providerId === undefined || slot.providerId === providerId) found.push(slot);
    }
    return found;
  }

  private current(write: StoreWrite): { version: number } | undefined {
    switch (write.kind) {
      case 'slot':
      case 'slot-retired':
        return this.slots.get(write.record.slotId);
      case 'appointment':
        return this.appointments.get(write.record.appointmentId);
      case 'notification':
        return this.notifications.get(write.record.notificationId);
      case 'patientSlots':
        return this.patientSlotsOf.get(write.record.patient);
    }
  }

  private retire(slotId: SlotId) {
    this.slots.delete(slotId);
    this.ordered = this.ordered.filter((slot) => slot.slotId !== slotId);
  }

  private storeAppointment(appointment: Appointment) {
    this.appointments.set(appointment.appointmentId, appointment);
    const ids = this.appointmentsByPatient.get(appointment.patient) ?? new Set();
    ids.add(appointment.appointmentId);
    this.appointmentsByPatient.set(appointment.patient, ids);
  }
}
