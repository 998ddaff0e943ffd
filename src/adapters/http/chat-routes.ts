import { Router } from '@koa/router';
import * as t from 'io-ts';
import type { Middleware } from 'koa';
import { refine } from '../../../config/codecs.js';
import { clinicOf } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { decodeRequest, PhoneNumberCodec } from './request-codecs.js';

const MAX_MESSAGE = 1600;
const ChatRequest = t.type({
  phoneNumber: PhoneNumberCodec,
  message: refine(
    `a message of 1 to ${MAX_MESSAGE} characters`,
    t.string,
    (s) => s.trim().length > 0 && s.length <= MAX_MESSAGE,
  ),
});

/**
 * Talk to the receptionist as a patient, as an SMS would: for integrators and trials. Whoever calls
 * it is not the patient's phone, so STOP and START change nothing.
 */
export function chatRoutes(select: Middleware): Router {
  const router = new Router();
  router.post('/chat', select, async (ctx) => {
    const { phoneNumber: patient, message } = decodeRequest(ChatRequest, ctx.request.body, 'body');
    const { reply, limited } = await clinicOf(ctx).inbound.handleOnBehalf(patient, message);
    if (limited) {
      const seconds = Math.ceil(limited.retryAfterMs / 1000);
      throw new HttpError(
        429,
        'TOO_MANY_MESSAGES',
        `phoneNumber: too many messages from this number in the last minute; try again in ${seconds} s`,
        { 'Retry-After': String(seconds) },
      );
    }
    ctx.body = { reply: reply ?? null };
  });
  return router;
}
