import type { ClinicApi } from './api';
import { addDays, localDate, offsetOf } from './dates';
import type { Appointment, Slot } from './types';

/** What staff block or unblock: one slot, or a span of a day for one provider or the whole clinic. */
export type BlockTarget = { slotId: string } | { from: string; to: string; providerId?: string };

export type BlockScope = 'slot' | 'afternoon' | 'day';

/** The target of a block around a slot: the slot, or its day's afternoon or whole day, for its provider if it has one. */
export function targetAround(slot: Slot, scope: BlockScope): BlockTarget {
  if (scope === 'slot') return { slotId: slot.slotId };
  const day = localDate(slot.start);
  const offset = offsetOf(slot.start);
  return {
    from: `${day}T${scope === 'afternoon' ? '12:00' : '00:00'}:00${offset}`,
    to: `${addDays(day, 1)}T00:00:00${offset}`,
    ...(slot.providerId ? { providerId: slot.providerId } : {}),
  };
}

/** The booked appointments a block would cover: those that must be moved or cancelled first. */
export function appointmentsIn(target: BlockTarget, bookings: Iterable<Appointment>): Appointment[] {
  return [...bookings].filter((appointment) =>
    'slotId' in target
      ? appointment.slotId === target.slotId
      : Date.parse(appointment.start) < Date.parse(target.to) &&
        Date.parse(appointment.end) > Date.parse(target.from) &&
        (!target.providerId || appointment.providerId === target.providerId),
  );
}

export const block = (api: ClinicApi, target: BlockTarget, reason: string) =>
  api.post('/blocked-time', { ...target, ...(reason ? { reason } : {}) });

export const unblock = (api: ClinicApi, target: BlockTarget) => api.post('/blocked-time/remove', target);
