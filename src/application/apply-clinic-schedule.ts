import type { Clinic } from '../domain/clinic.js';
import { LONGEST_HORIZON_MS, offSchedule } from '../domain/schedule-change.js';
import type { Slot } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';

/**
 * Brings a clinic's stored slots in line with its schedule after a change of hours, providers, slot
 * length or horizon: the free slots it no longer makes are retired, each only at the version read, so
 * one booked meanwhile stays booked; the held and booked ones are left for staff to move. Publishing
 * opens the slots the new schedule adds. Safe to run again, and from two servers at once.
 */
export class ApplyClinicSchedule {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
  ) {}

  /** How many free slots were retired, and the taken ones staff must move. */
  async execute(): Promise<{ retired: number; toMove: Slot[] }> {
    const { retire, toMove } = await this.offSchedule();
    let retired = 0;
    for (const slot of retire) {
      // A slot taken since it was read is left as it is: its patient has it now.
      if ((await this.store.commit([{ kind: 'slot-retired', record: slot }])).committed) retired++;
    }
    return { retired, toMove };
  }

  /** The held and booked slots the clinic's schedule no longer has, earliest first. */
  async toMove(): Promise<Slot[]> {
    return (await this.offSchedule()).toMove;
  }

  private async offSchedule() {
    const now = this.clock.now();
    return offSchedule(this.clinic, now, await this.store.slotsBetween(now, now + LONGEST_HORIZON_MS));
  }
}
