import { Router } from '@koa/router';
import * as t from 'io-ts';
import type { Middleware } from 'koa';
import { MAX_ACTIVITY_DAYS } from '../../application/clinic-activity.js';
import { addDays, CALENDAR_DATE_EXPECTED, isCalendarDate } from '../../domain/zoned-time.js';
import { clinicOf } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { decodeRequest } from './request-codecs.js';

const StatsQuery = t.type({ from: t.string, to: t.string });

/** For the clinic's charts: bookings by channel, cancellations and hand-offs, day by day. */
export function statsRoutes(select: Middleware): Router {
  const router = new Router();
  router.get('/stats', select, async (ctx) => {
    const { from, to } = decodeRequest(StatsQuery, ctx.query, 'query');
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!isCalendarDate(value))
        throw new HttpError(400, 'INVALID_REQUEST', `${field}: expected ${CALENDAR_DATE_EXPECTED}`);
    }
    if (to < from || to > addDays(from, MAX_ACTIVITY_DAYS - 1))
      throw new HttpError(
        400,
        'INVALID_REQUEST',
        `to: expected a day from from to ${MAX_ACTIVITY_DAYS - 1} days after it (at most ${MAX_ACTIVITY_DAYS} days)`,
      );
    ctx.body = { days: await clinicOf(ctx).activity.execute(from, to) };
  });
  return router;
}
