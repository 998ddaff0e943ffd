import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { RateLimiter } from '../../application/rate-limiter.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { Clock } from '../../ports/clock.js';
import type { LogContext } from '../../ports/log-context.js';
import type { Logger } from '../../ports/logger.js';
import type { ScrapedMetrics } from '../../ports/metrics.js';
import { blockedTimeRoutes } from './blocked-time-routes.js';
import { bookingRoutes } from './booking-routes.js';
import { CALENDAR_FEED_PATHS, calendarFeedReading, calendarFeedRoutes } from './calendar-feed-routes.js';
import { chatRoutes } from './chat-routes.js';
import { CLINIC_SCOPE, onlyClinic, type ServedClinics, scopedClinic } from './clinic-access.js';
import { CONSOLE_SESSION_PATH, type ConsoleSessionOptions, consoleSessionRoutes } from './console-session-routes.js';
import type { LiveStreams } from './live-streams.js';
import { liveUpdateRoutes } from './live-update-routes.js';
import {
  authenticate,
  limitFailedAuthentication,
  readBody,
  refuseForeignHosts,
  requestLifecycle,
  unreadableBody,
} from './middleware.js';
import { openApiDocument } from './openapi.js';
import { type OperatorRoutesOptions, operatorRoutes } from './operator-routes.js';
import { patientRoutes } from './patient-routes.js';
import { providerRoutes } from './provider-routes.js';
import { countRequests } from './request-metrics.js';
import { staffCallbackRoutes } from './staff-callback-routes.js';
import { type StaffRoutesOptions, staffRoutes } from './staff-routes.js';
import { statsRoutes } from './stats-routes.js';

export interface HttpAppOptions {
  clinics: ServedClinics;
  /** The operator's routes: clinics and their tokens. */
  operator: OperatorRoutesOptions;
  /** The clinic a clinic token was issued to, if it is one. */
  clinicOfToken: (token: string) => Promise<ClinicId | undefined>;
  logger: Logger;
  /** Resolves when the stores answer; rejects with StoreUnavailableError (a 503) when they do not. */
  ready: () => Promise<void>;
  /** Where the request id goes for every line logged while a request runs. */
  logContext?: LogContext;
  apiToken?: string;
  /** PUBLIC_BASE_URL: its host, besides loopback, is the one requests may name. */
  publicBaseUrl?: string;
  /** Routes of other adapters (webhooks), mounted under the API prefix with their own auth and form bodies. */
  webhooks?: { router: Router; paths: string[] }[];
  /** Requests refused for their credentials, counted per client address (per server). */
  failedAuthentication?: { limiter: RateLimiter; clock: Clock };
  /** Counts every request, and is served at /metrics. */
  metrics: ScrapedMetrics;
  /** Staff: console sign-in, and each clinic's staff accounts. */
  staff: ConsoleSessionOptions & StaffRoutesOptions;
  /** The live-update streams open, ended by a stop. */
  liveStreams: LiveStreams;
  /** Pages served beside the API (the staff console): open, as they hold no data; the API behind them is not. */
  pages?: { router: Router; serves: (path: string) => boolean };
}

export const API_PREFIX = '/api/v1';
/** Where Prometheus scrapes by default: beside the API, not in it. */
export const METRICS_PATH = '/metrics';
const HEALTH = `${API_PREFIX}/healthz`;
const READY = `${API_PREFIX}/readyz`;
/** Probes of load balancers and orchestrators, which call by address and carry no token: up or down, no data. */
const isProbe = (path: string) => path === HEALTH || path === READY;
/** Calendar clients send no bearer token: a feed's secret, in its path, is its credential. */
const isCalendarFeed = (path: string) => path.startsWith(`${API_PREFIX}${CALENDAR_FEED_PATHS}`);

export function createHttpApp({
  clinics,
  operator,
  clinicOfToken,
  logger,
  ready,
  logContext,
  apiToken,
  publicBaseUrl,
  webhooks = [],
  failedAuthentication,
  metrics,
  staff,
  liveStreams,
  pages,
}: HttpAppOptions): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  const webhookPaths = new Set(webhooks.flatMap(({ paths }) => paths.map((path) => `${API_PREFIX}${path}`)));
  // Every route, the API's and /metrics; filled in below, and read as each request is counted.
  const routes = new Router();
  app.use(countRequests(metrics, routes));
  app.use(requestLifecycle(logger, logContext));
  app.use(refuseForeignHosts(publicBaseUrl, isProbe));
  if (failedAuthentication) {
    app.use(limitFailedAuthentication(failedAuthentication.limiter, failedAuthentication.clock, logger));
  }
  // Webhooks carry their senders' signatures instead of our bearer token.
  // Signing in is open too: it is how a console gets its credentials.
  const signInPath = `${API_PREFIX}${CONSOLE_SESSION_PATH}`;
  const isPage = (path: string) => pages?.serves(path) ?? false;
  app.use(
    authenticate(
      apiToken,
      clinicOfToken,
      (path) => isProbe(path) || webhookPaths.has(path) || isCalendarFeed(path) || path === signInPath || isPage(path),
      (token) => staff.sessions.current(token),
    ),
  );
  app.use(
    readBody(
      (path) => webhookPaths.has(path),
      bodyParser({
        enableTypes: ['json', 'form'],
        jsonLimit: '16kb',
        formLimit: '64kb',
        jsonStrict: true,
        onError: (error, ctx) => {
          throw unreadableBody(error, ctx);
        },
      }),
    ),
  );

  const api = new Router({ prefix: API_PREFIX });
  api.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  // Not ready is the store's StoreUnavailableError, answered 503 STORE_UNAVAILABLE like any request.
  api.get('/readyz', async (ctx) => {
    await ready();
    ctx.body = { status: 'ready' };
  });
  api.get('/openapi.json', (ctx) => {
    ctx.body = openApiDocument;
  });
  // Every clinic's routes under its id; the same routes without one serve a deployment of one clinic.
  const scoped = new Router({ prefix: CLINIC_SCOPE });
  for (const [router, select] of [
    [scoped, scopedClinic(clinics)],
    [api, onlyClinic(clinics, API_PREFIX)],
  ] as const) {
    router.use(bookingRoutes(select).routes());
    router.use(chatRoutes(select).routes());
    router.use(staffCallbackRoutes(select).routes());
    router.use(providerRoutes(select).routes());
    router.use(blockedTimeRoutes(select).routes());
    router.use(statsRoutes(select).routes());
    router.use(calendarFeedRoutes(select, API_PREFIX, publicBaseUrl).routes());
    router.use(liveUpdateRoutes(select, liveStreams).routes());
    router.use(patientRoutes(select).routes());
  }
  scoped.use(staffRoutes(scopedClinic(clinics), staff).routes());
  api.use(scoped.routes());
  api.use(consoleSessionRoutes(staff).routes());
  api.use(operatorRoutes(operator).routes());
  api.use(calendarFeedReading(clinics).routes());
  for (const { router } of webhooks) api.use(router.routes());
  routes.get(METRICS_PATH, async (ctx) => {
    const { contentType, text } = await metrics.scrape();
    ctx.body = text;
    ctx.type = contentType;
  });
  routes.use(api.routes());
  if (pages) routes.use(pages.router.routes());
  app.use(routes.routes());
  return app;
}
