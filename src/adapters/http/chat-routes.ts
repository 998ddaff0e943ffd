import { Router } from '@koa/router';
import * as t from 'io-ts';
import { refine } from '../../../config/codecs.js';
import type { InboundText } from '../../application/inbound-text.js';
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
export function chatRoutes(inbound: InboundText): Router {
  const router = new Router();
  router.post('/chat', async (ctx) => {
    const { phoneNumber: patient, message } = decodeRequest(ChatRequest, ctx.request.body, 'body');
    const { reply } = await inbound.handleOnBehalf(patient, message);
    ctx.body = { reply: reply ?? null };
  });
  return router;
}
