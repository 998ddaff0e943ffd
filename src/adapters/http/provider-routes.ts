import { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { clinicOf } from './clinic-access.js';
import { decodeRequest, NoQuery } from './request-codecs.js';

/** The clinic's providers by name, for the front desk to pick whose calendar to see. */
export function providerRoutes(select: Middleware): Router {
  const router = new Router();
  router.get('/providers', select, (ctx) => {
    decodeRequest(NoQuery, ctx.query, 'query');
    ctx.body = { providers: clinicOf(ctx).clinic.providers.map(({ id, name }) => ({ providerId: id, name })) };
  });
  return router;
}
