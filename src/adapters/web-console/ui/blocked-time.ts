import { ApiError, type ClinicApi } from './api';
import { addDays, localDate, offsetOf } from './dates';
import type { Appointment, Slot } from './types';

/** What staff block or unblock: one slot, a clinic-local day, or a span, the last two for one provider or all. */
export type BlockTarget =
  | { slotId: string }
  | { date: string; providerId?: string }
  | { from: string; to: string; providerId?: string };

export type BlockScope = 'slot' | 'afternoon' | 'day';

/** The target of a block around a slot: the slot, or its day's afternoon or whole day, for its provider if it has one. */
export function targetAround(slot: Slot, scope: BlockScope): BlockTarget {
  if (scope === 'slot') return { slotId: slot.slotId };
  const day = localDate(slot.start);
  const provider = slot.providerId ? { providerId: slot.providerId } : {};
  if (scope === 'day') return { date: day, ...provider };
  const offset = offsetOf(slot.start);
  return { from: `${day}T12:00:00${offset}`, to: `${addDays(day, 1)}T00:00:00${offset}`, ...provider };
}

/**
 * The appointments a refused block names (SLOT_BOOKED lists their ids), as the view knows them; one
 * the view does not show is named by its id alone.
 */
export function appointmentsInTheWay(refusal: ApiError, shown: Map<string, Appointment>): (Appointment | string)[] {
  const ids = (refusal.body as { error?: { appointments?: string[] } } | undefined)?.error?.appointments ?? [];
  const byId = new Map([...shown.values()].map((appointment) => [appointment.appointmentId, appointment]));
  return ids.map((id) => byId.get(id) ?? id);
}

/** `cancel`: cancel the appointments in the way with the block, each patient texted; otherwise they refuse it. */
export const block = (api: ClinicApi, target: BlockTarget, reason: string, cancelBooked = false) =>
  api.post('/blocked-time', {
    ...target,
    ...(reason ? { reason } : {}),
    ...(cancelBooked ? { booked: 'cancel' } : {}),
  });

export const unblock = (api: ClinicApi, target: BlockTarget) => api.post('/blocked-time/remove', target);

export const isBookedRefusal = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.code === 'SLOT_BOOKED';
