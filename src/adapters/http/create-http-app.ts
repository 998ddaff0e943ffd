import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { BookingUseCases } from '../../application/booking-use-cases.js';
import type { Logger } from '../../ports/logger.js';
import { bookingRoutes } from './booking-routes.js';
import { requestLifecycle, requireBearerToken, requireJsonBody } from './middleware.js';

export interface HttpAppOptions {
  useCases: BookingUseCases;
  timeZone: string;
  logger: Logger;
  apiToken?: string;
}

export const API_PREFIX = '/api/v1';
const HEALTH = `${API_PREFIX}/healthz`;

export function createHttpApp({ useCases, timeZone, logger, apiToken }: HttpAppOptions): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.use(requestLifecycle(logger));
  if (apiToken) app.use(requireBearerToken(apiToken, (path) => path === HEALTH));
  app.use(requireJsonBody);
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '16kb', jsonStrict: true }));

  const api = new Router({ prefix: API_PREFIX });
  api.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const booking = bookingRoutes(useCases, timeZone);
  api.use(booking.routes());
  app.use(api.routes());
  return app;
}
