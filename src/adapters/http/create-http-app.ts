import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { BookingUseCases } from '../../application/booking-use-cases.js';
import type { InboundText } from '../../application/inbound-text.js';
import type { RateLimiter } from '../../application/rate-limiter.js';
import type { Clock } from '../../ports/clock.js';
import type { LogContext } from '../../ports/log-context.js';
import type { Logger } from '../../ports/logger.js';
import type { ScrapedMetrics } from '../../ports/metrics.js';
import { bookingRoutes } from './booking-routes.js';
import { chatRoutes } from './chat-routes.js';
import {
  limitFailedAuthentication,
  refuseForeignHosts,
  requestLifecycle,
  requireBearerToken,
  requireJsonBody,
  unreadableBody,
} from './middleware.js';
import { openApiDocument } from './openapi.js';
import { countRequests } from './request-metrics.js';
import { type StaffCallbackUseCases, staffCallbackRoutes } from './staff-callback-routes.js';

export interface HttpAppOptions {
  useCases: BookingUseCases;
  inbound: InboundText;
  callbacks: StaffCallbackUseCases;
  timeZone: string;
  logger: Logger;
  /** Resolves when the store answers; rejects with StoreUnavailableError (a 503) when it does not. */
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
}

export const API_PREFIX = '/api/v1';
/** Where Prometheus scrapes by default: beside the API, not in it. */
export const METRICS_PATH = '/metrics';
const HEALTH = `${API_PREFIX}/healthz`;
const READY = `${API_PREFIX}/readyz`;
/** Probes of load balancers and orchestrators, which call by address and carry no token: up or down, no data. */
const isProbe = (path: string) => path === HEALTH || path === READY;

export function createHttpApp({
  useCases,
  inbound,
  callbacks,
  timeZone,
  logger,
  ready,
  logContext,
  apiToken,
  publicBaseUrl,
  webhooks = [],
  failedAuthentication,
  metrics,
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
  if (apiToken) app.use(requireBearerToken(apiToken, (path) => isProbe(path) || webhookPaths.has(path)));
  app.use(requireJsonBody((path) => webhookPaths.has(path)));
  app.use(
    bodyParser({
      enableTypes: ['json', 'form'],
      jsonLimit: '16kb',
      formLimit: '64kb',
      jsonStrict: true,
      onError: (error, ctx) => {
        throw unreadableBody(error, ctx);
      },
    }),
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
  api.use(bookingRoutes(useCases, timeZone).routes());
  api.use(chatRoutes(inbound).routes());
  api.use(staffCallbackRoutes(callbacks, timeZone).routes());
  for (const { router } of webhooks) api.use(router.routes());
  routes.get(METRICS_PATH, async (ctx) => {
    const { contentType, text } = await metrics.scrape();
    ctx.body = text;
    ctx.type = contentType;
  });
  routes.use(api.routes());
  app.use(routes.routes());
  return app;
}
