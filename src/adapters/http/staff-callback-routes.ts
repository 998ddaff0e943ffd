import { Router } from '@koa/router';
import type { ListStaffCallbacks } from '../../application/list-staff-callbacks.js';
import type { ResolveStaffCallback } from '../../application/resolve-staff-callback.js';
import { formatInZone } from '../../domain/zoned-time.js';
import { HttpError } from './http-error.js';
import { decodeRequest, NoQuery, ResolveCallbackRequest } from './request-codecs.js';

/** For the front desk: who is waiting for a call back, and marking them called. */
export interface StaffCallbackUseCases {
  list: ListStaffCallbacks;
  resolve: ResolveStaffCallback;
}

export function staffCallbackRoutes(callbacks: StaffCallbackUseCases, timeZone: string): Router {
  const router = new Router();

  router.get('/staff-callbacks', async (ctx) => {
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

  router.post('/staff-callbacks/resolve', async (ctx) => {
    const { phoneNumber: patient } = decodeRequest(ResolveCallbackRequest, ctx.request.body, 'body');
    if (!(await callbacks.resolve.execute(patient)))
      throw new HttpError(404, 'CALLBACK_NOT_FOUND', 'phoneNumber: expected a number with an open callback request');
    ctx.body = { phoneNumber: patient, resolved: true };
  });
  return router;
}
