import { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import { isClinicId } from '../../domain/clinic.js';
import { calendarFeedIcs } from './calendar-feed-ics.js';
import { clinicOf, type ServedClinics } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { managerOrToken } from './staff-roles.js';

/** Where feeds are served, under the API prefix: read without a bearer token, the secret in the path being the credential. */
export const CALENDAR_FEED_PATHS = '/calendar/';

/** Longer than any provider id or secret: refused before anything is hashed or looked up. */
const MAX_PART = 128;

const feedNotFound = () =>
  new HttpError(404, 'FEED_NOT_FOUND', 'path: expected the URL of a calendar feed as last issued for this provider');

/**
 * The URL a feed is read at: PUBLIC_BASE_URL's, for calendar services outside, or the one the request
 * came in on (its Host already checked to be one of this server's names).
 */
function feedUrl(ctx: Context, apiPrefix: string, publicBaseUrl: string | undefined, parts: string[]): string {
  const base = (publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`).replace(/\/$/, '');
  return `${base}${apiPrefix}${CALENDAR_FEED_PATHS}${parts.map(encodeURIComponent).join('/')}.ics`;
}

/** For a clinic's manager: a new secret URL for a provider's calendar feed, which closes the one before. */
export function calendarFeedRoutes(select: Middleware, apiPrefix: string, publicBaseUrl?: string): Router {
  const router = new Router();
  router.post('/providers/:providerId/calendar-feed', select, managerOrToken, async (ctx) => {
    const { clinic, calendar } = clinicOf(ctx);
    const providerId = ctx.params.providerId ?? '';
    const secret = await calendar.rotate(providerId);
    if (secret === undefined)
      throw new HttpError(404, 'PROVIDER_NOT_FOUND', "providerId: expected the id of one of this clinic's providers");
    ctx.status = 201;
    ctx.body = { url: feedUrl(ctx, apiPrefix, publicBaseUrl, [clinic.id, providerId, secret]) };
  });
  return router;
}

/**
 * `GET /calendar/{clinicId}/{providerId}/{secret}.ics`, for calendar clients. Anything but a current
 * secret of that provider is the same 404, so the answer tells nothing of which part was wrong.
 */
export function calendarFeedReading(clinics: ServedClinics): Router {
  const router = new Router();
  router.get(`${CALENDAR_FEED_PATHS}:clinicId/:providerId/:secret.ics`, async (ctx) => {
    const { clinicId = '', providerId = '', secret = '' } = ctx.params;
    if (!isClinicId(clinicId) || providerId.length > MAX_PART || secret.length > MAX_PART) throw feedNotFound();
    const served = await clinics.byId(clinicId);
    const feed = served && (await served.calendar.appointments(providerId, secret));
    if (!served || !feed) throw feedNotFound();
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.body = calendarFeedIcs(served.clinic, feed);
  });
  return router;
}
