import type { Appointment } from '../domain/appointment.js';
import { blockBooked, blockHeld, blockSlot } from '../domain/blocked-time.js';
import type { Clinic } from '../domain/clinic.js';
import { domainError } from '../domain/domain-error.js';
import type { NotificationPolicy } from '../domain/notification-policy.js';
import { fail, ok, type Result } from '../domain/result.js';
import { type Slot, type SlotId, statusAt } from '../domain/slot.js';
import { type BookingStore, MAX_WRITES_PER_COMMIT, type StoreWrite } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Metrics } from '../ports/metrics.js';
import { cancellationWrites } from './cancellation-writes.js';
import { bumped, commitWithRetry } from './commit-with-retry.js';
import type { PatientWording } from './patient-languages.js';
import { type SelectedDay, scheduledOn, selectedDays, storedOn, type TimeSelection } from './time-selection.js';

/** What to do with the bookings and live holds in the time to block: refuse the block, or cancel them with it. */
export type BookedTimePolicy = 'refuse' | 'cancel';

export interface BlockOptions {
  reason?: string;
  booked: BookedTimePolicy;
}

export interface BlockedTime {
  /** Every slot of the selection now blocked, earliest first. */
  blocked: Slot[];
  /** The appointments cancelled for the block. */
  cancelled: Appointment[];
}

/** A cancelled booking writes its slot, the appointment, the patient's text and the withdrawn reminder. */
const WRITES_PER_CANCELLATION = 4;

interface DayStep {
  cancelled: Appointment[];
  /** Nothing was left to block among the stored slots. */
  done: boolean;
  stored: Set<SlotId>;
}

/**
 * Staff take time out of the schedule. Each clinic-local day is committed on its own, all or nothing
 * (in parts of at most one commit's writes, for a day larger than that), at the versions read, so a
 * hold or a booking racing the block either lands first and is refused or cancelled with it, or finds
 * the slot blocked. A day's slots the store does not have yet (beyond the published horizon) are
 * stored blocked, never free, so a later publish finds them and leaves them be.
 */
export class BlockTime {
  constructor(
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly clinic: Clinic,
    private readonly notificationPolicy: NotificationPolicy,
    private readonly metrics: Metrics,
    private readonly wording: PatientWording,
  ) {}

  async execute(selection: TimeSelection, options: BlockOptions): Promise<Result<BlockedTime>> {
    const days = selectedDays(selection, this.clinic.timeZone);
    const now = this.clock.now();
    if ('slotId' in selection) {
      const found = await this.checkSlot(selection.slotId, days[0]!, now);
      if (!found.ok) return found;
    }
    if (options.booked === 'refuse') {
      const refused = await this.refusal(days, now);
      if (refused) return fail(refused);
    }
    const cancelled: Appointment[] = [];
    for (const day of days) {
      const done = await this.blockDay(day, options);
      if (!done.ok) return done;
      cancelled.push(...done.value);
    }
    for (const _ of cancelled) this.metrics.committed('cancellation');
    const blocked = (await Promise.all(days.map((day) => storedOn(this.store, day)))).flat();
    return ok({ blocked: blocked.filter((slot) => slot.status === 'BLOCKED' && slot.start > now), cancelled });
  }

  private async checkSlot(slotId: SlotId, day: SelectedDay, now: number): Promise<Result<void>> {
    const slot = (await storedOn(this.store, day))[0] ?? scheduledOn(this.clinic, now, day)[0];
    if (!slot) return fail(domainError('SLOT_NOT_FOUND', `slotId: no slot ${slotId} in the clinic's schedule`));
    if (slot.start <= now) return fail(domainError('SLOT_IN_PAST', `slotId: slot ${slotId} has already started`));
    return ok(undefined);
  }

  /** Everything in the way, named at once, before any day is blocked. */
  private async refusal(days: SelectedDay[], now: number) {
    const stored = (await Promise.all(days.map((day) => storedOn(this.store, day)))).flat();
    const upcoming = stored.filter((slot) => slot.start > now);
    const booked = upcoming.filter((slot) => slot.status === 'BOOKED').map((slot) => slot.appointmentId!);
    if (booked.length > 0) {
      const what = booked.length === 1 ? 'appointment' : `${booked.length} appointments`;
      return {
        ...domainError(
          'SLOT_BOOKED',
          `patients have booked this time: ${what} ${booked.join(', ')}; move or cancel them first, or cancel them with the block`,
        ),
        appointmentIds: booked,
      };
    }
    const held = upcoming.filter((slot) => statusAt(slot, now) === 'HELD').map((slot) => slot.slotId);
    if (held.length === 0) return undefined;
    return domainError(
      'SLOT_HELD',
      `patients are about to book this time: slots ${held.join(', ')} are held; try again once the holds end (at most ${this.clinic.holdMinutes} minutes), or cancel them with the block`,
    );
  }

  /** The day's stored slots, commit by commit, then the ones its schedule makes that are not stored yet. */
  private async blockDay(day: SelectedDay, options: BlockOptions): Promise<Result<Appointment[]>> {
    const cancelled: Appointment[] = [];
    for (;;) {
      const step = await commitWithRetry(this.store, this.metrics, () => this.nextCommit(day, options));
      if (!step.ok) return step;
      cancelled.push(...step.value.cancelled);
      if (!step.value.done) continue;
      const now = this.clock.now();
      const missing = scheduledOn(this.clinic, now, day)
        .filter((slot) => !step.value.stored.has(slot.slotId))
        .map((slot) => blockSlot(slot, now, options.reason))
        .flatMap((blocked) => (blocked.ok ? [blocked.value] : []));
      // Fewer stored than offered: a publish stored some of them first, free; they are blocked in turn.
      if (missing.length === 0 || (await this.store.addMissingSlots(missing)) === missing.length) return ok(cancelled);
    }
  }

  private async nextCommit(
    day: SelectedDay,
    { reason, booked }: BlockOptions,
  ): Promise<Result<{ writes: StoreWrite[]; value: DayStep }>> {
    const slots = await storedOn(this.store, day);
    const now = this.clock.now();
    const writes: StoreWrite[] = [];
    const cancelled: Appointment[] = [];
    for (const slot of slots) {
      if (slot.start <= now) continue;
      if (writes.length + WRITES_PER_CANCELLATION > MAX_WRITES_PER_COMMIT) break;
      if (booked === 'cancel' && slot.status === 'BOOKED' && slot.appointmentId) {
        const appointment = await this.store.appointment(slot.appointmentId);
        if (!appointment) throw new Error(`slot ${slot.slotId} refers to missing appointment ${slot.appointmentId}`);
        const change = blockBooked(slot, appointment, now, reason);
        if (!change.ok) return change;
        writes.push(
          { kind: 'slot', record: change.value.slot },
          ...(await cancellationWrites(
            this.store,
            this.clinic,
            this.notificationPolicy,
            change.value.appointment,
            now,
            this.ids.next('ntf'),
            await this.wording.addresseeOf(change.value.appointment.patient),
          )),
        );
        cancelled.push(bumped(change.value.appointment));
        continue;
      }
      const block = booked === 'cancel' ? blockHeld(slot, now, reason) : blockSlot(slot, now, reason);
      if (!block.ok) return block;
      if (block.value !== slot) writes.push({ kind: 'slot', record: block.value });
    }
    return ok({
      writes,
      value: { cancelled, done: writes.length === 0, stored: new Set(slots.map((slot) => slot.slotId)) },
    });
  }
}
