import { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { formatInZone } from '../../domain/zoned-time.js';
import { clinicOf } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { decodeRequest, NoQuery, ResolveCallbackRequest } from './request-codecs.js';

/** For the front desk: who is waiting for a call back, and marking them called. */
export function staffCallbackRoutes(select: Middleware): Router {
  const router = new Router();

  router.get('/staff-callbacks', select, async (ctx) => {
    const {
      callbacks,
      clinic: { timeZone },
    } = clinicOf(ctx);
    decodeRequest(NoQuery, ctx.query, 'query');
    ctx.body = {
      callbacks: (await callbacks.list.execute()).map((callback) => ({
        phoneNumber: callback.patient,
        reason: callback.reason,
        channel: callback.channel,
        timesAsked: callback.times,
        firstRequestedAt: formatInZone(callback.firstRequestedAt, timeZone),
        lastRequestedAt: formatInZone(callback.lastRequestedAt, timeZone),
      })),
    };
  });

  router.post('/staff-callbacks/resolve', select, async (ctx) => {
    const { phoneNumber: patient } = decodeRequest(ResolveCallbackRequest, ctx.request.body, 'body');
    if (!(await clinicOf(ctx).callbacks.resolve.execute(patient)))
      throw new HttpError(404, 'CALLBACK_NOT_FOUND', 'phoneNumber: expected a number with an open callback request');
    ctx.body = { phoneNumber: patient, resolved: true };
  });
  return router;
}
