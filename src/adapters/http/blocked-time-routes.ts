import { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { MAX_SELECTED_DAYS, type TimeSelection } from '../../application/time-selection.js';
import type { Clinic } from '../../domain/clinic.js';
import type { SlotId } from '../../domain/slot.js';
import { addDays, CALENDAR_DATE_EXPECTED, isCalendarDate } from '../../domain/zoned-time.js';
import { instant, successOf } from './booking-routes.js';
import { clinicOf } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { BlockRequest, decodeRequest, UnblockRequest } from './request-codecs.js';
import { appointmentJson, slotJson } from './views.js';

const DAY = 86_400_000;
const SELECTORS = 'expected exactly one of slotId, date (with toDate for several days), or from and to';

type SelectionFields = {
  slotId?: SlotId;
  date?: string;
  toDate?: string;
  from?: string;
  to?: string;
  providerId?: string;
};

const invalid = (message: string) => new HttpError(400, 'INVALID_REQUEST', message);

function providerOf(providerId: string | undefined, clinic: Clinic): { providerId?: string } {
  if (providerId === undefined) return {};
  if (!clinic.providers.some((provider) => provider.id === providerId)) {
    const known = clinic.providers.map((provider) => provider.id);
    throw invalid(
      `providerId: expected ${known.length > 0 ? `one of ${known.join(', ')}` : 'none: this clinic lists no providers'}`,
    );
  }
  return { providerId };
}

/** The body's selector as the use cases take it, or a 400 naming the field at fault. */
function selectionOf({ slotId, date, toDate, from, to, providerId }: SelectionFields, clinic: Clinic): TimeSelection {
  const given = [slotId !== undefined, date !== undefined, from !== undefined || to !== undefined];
  if (given.filter(Boolean).length !== 1) throw invalid(`body: ${SELECTORS}`);
  if (toDate !== undefined && date === undefined) throw invalid('toDate: expected only with date');
  if (slotId !== undefined) {
    if (providerId !== undefined) throw invalid('providerId: expected none with slotId, whose id names its provider');
    return { slotId };
  }
  if (date !== undefined) {
    if (!isCalendarDate(date)) throw invalid(`date: expected ${CALENDAR_DATE_EXPECTED}`);
    const last = toDate ?? date;
    if (!isCalendarDate(last)) throw invalid(`toDate: expected ${CALENDAR_DATE_EXPECTED}`);
    if (last < date || last > addDays(date, MAX_SELECTED_DAYS - 1))
      throw invalid(`toDate: expected a day from date to at most ${MAX_SELECTED_DAYS} days on, date included`);
    return { days: { from: date, to: last }, ...providerOf(providerId, clinic) };
  }
  if (from === undefined || to === undefined)
    throw invalid(`${from === undefined ? 'from' : 'to'}: expected both from and to`);
  const [start, end] = [instant('from', from), instant('to', to)];
  if (end <= start || end - start > MAX_SELECTED_DAYS * DAY)
    throw invalid(`to: expected a time after from and at most ${MAX_SELECTED_DAYS} days after it`);
  return { from: start, to: end, ...providerOf(providerId, clinic) };
}

/**
 * For staff: time taken out of the schedule (a slot, a provider's afternoon, a holiday) and given
 * back. Blocked time is offered and held by no channel.
 */
export function blockedTimeRoutes(select: Middleware): Router {
  const router = new Router();

  router.post('/blocked-time', select, async (ctx) => {
    const { clinic, blockedTime } = clinicOf(ctx);
    const { reason, booked, ...fields } = decodeRequest(BlockRequest, ctx.request.body, 'body');
    const selection = selectionOf(fields, clinic);
    const done = successOf(
      await blockedTime.block.execute(selection, { booked: booked ?? 'refuse', ...(reason ? { reason } : {}) }),
    );
    ctx.body = {
      blocked: done.blocked.map((slot) => slotJson(slot, clinic.timeZone)),
      cancelled: done.cancelled.map((appointment) => appointmentJson(appointment, clinic.timeZone)),
    };
  });

  router.post('/blocked-time/remove', select, async (ctx) => {
    const { clinic, blockedTime } = clinicOf(ctx);
    const selection = selectionOf(decodeRequest(UnblockRequest, ctx.request.body, 'body'), clinic);
    const unblocked = successOf(await blockedTime.unblock.execute(selection));
    ctx.body = { unblocked: unblocked.map((slot) => slotJson(slot, clinic.timeZone)) };
  });

  return router;
}
