import { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { instantsOf } from '../../application/list-slots.js';
import { timeSpan } from './booking-routes.js';
import { clinicOf } from './clinic-access.js';
import type { LiveStreams } from './live-streams.js';
import { decodeRequest, EventsQuery } from './request-codecs.js';

/**
 * For the staff console: `GET /events?from&to` streams (Server-Sent Events) an `slots` event naming the
 * slots starting in the span that changed, on any channel and any server sharing the store. The
 * browser reloads those slots; on every (re)connection it reloads the span, as changes made while it
 * was away are not told again.
 */
export function liveUpdateRoutes(select: Middleware, streams: LiveStreams): Router {
  const router = new Router();
  router.get('/events', select, async (ctx) => {
    const { from, to } = decodeRequest(EventsQuery, ctx.query, 'query');
    const { slotChanges, clinic } = clinicOf(ctx);
    const [start, end] = instantsOf(timeSpan(undefined, from, to), clinic.timeZone);
    await streams.serve(ctx, (stream) => slotChanges.watch(start, end, (slotIds) => stream.send('slots', { slotIds })));
  });
  return router;
}
