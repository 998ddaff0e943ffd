import { Router } from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import type { ReplyToText } from '../../application/reply-to-text.js';
import type { Channel } from '../../domain/channel.js';
import { parsePhoneNumber } from '../../domain/phone-number.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import { ID, readForm, refuseForm, TEXT } from './twilio-form.js';
import { verifyTwilioSignature, type WebhookAuth } from './twilio-signature.js';

export interface SmsWebhookOptions {
  /** Who answers a text, by the number it was sent to (Twilio's `To`); none owns the number, no one. */
  repliesFor: (to: string) => Promise<ReplyToText | undefined>;
  logger: Logger;
  auth: WebhookAuth;
  /** Twilio gives up on a webhook after 15 s: answer by then, and send a slower reply as a message. */
  replyDeadlineMs: number;
  metrics: Metrics;
}

export const SMS_WEBHOOK_PATH = '/sms/webhook';

const twiml = (reply?: string) => {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
};

function refuse(ctx: Context, field: string, expected: string) {
  refuseForm(ctx, { status: 400, code: 'INVALID_REQUEST', message: `${field}: expected ${expected}` });
}

/** Twilio's inbound SMS and WhatsApp webhook: form fields in, TwiML MessagingResponse out. */
export function smsWebhook({ repliesFor, logger, auth, replyDeadlineMs, metrics }: SmsWebhookOptions): Router {
  const router = new Router();
  router.post(SMS_WEBHOOK_PATH, verifyTwilioSignature(auth, metrics, 'twilio_sms'), async (ctx) => {
    const form = readForm(ctx, { From: ID, To: ID, Body: TEXT, MessageSid: ID });
    if (!form.ok) return refuseForm(ctx, form.error);
    const { From: from = '', To: to = '', Body: text, MessageSid: messageSid } = form.value;
    if (!messageSid) return refuse(ctx, 'MessageSid', 'the Twilio message id');
    if (text === undefined) return refuse(ctx, 'Body', 'the message text');
    const patient = parsePhoneNumber(from);
    if (!patient.ok) return refuse(ctx, 'From', 'the sender as E.164 or whatsapp:+E.164');
    const channel: Channel = from.toLowerCase().startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const message = { patient: patient.value, text, channel, messageId: messageSid, deliveryId: messageSid };
    const replies = await repliesFor(to);
    if (!replies) {
      // No clinic is reached on it: nothing is booked, and Twilio, answered, does not send it again.
      logger.warn({ messageId: messageSid }, 'a text to a number no clinic has');
      ctx.type = 'text/xml';
      ctx.body = twiml();
      return;
    }
    const { outcome, reply } = await replies.execute(message, replyDeadlineMs);
    metrics.webhook('twilio_sms', outcome);
    ctx.type = 'text/xml';
    ctx.body = twiml(reply);
  });
  return router;
}
