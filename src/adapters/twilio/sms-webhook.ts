import { Router } from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import type { InboundReply, InboundText } from '../../application/inbound-text.js';
import type { Channel } from '../../domain/channel.js';
import { maskPhoneNumber, type PhoneNumber, parsePhoneNumber } from '../../domain/phone-number.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Messenger } from '../../ports/messenger.js';
import { RepliesByMessageSid } from './replies-by-message-sid.js';
import { verifyTwilioSignature, type WebhookAuth } from './twilio-signature.js';

export interface SmsWebhookOptions {
  inbound: InboundText;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  auth: WebhookAuth;
  /** Twilio gives up on a webhook after 15 s: answer by then, and send a slower reply as a message. */
  replyDeadlineMs: number;
}

export const SMS_WEBHOOK_PATH = '/sms/webhook';

const twiml = (reply?: string) => {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
};

function refuse(ctx: Context, field: string, expected: string) {
  ctx.status = 400;
  ctx.body = { error: { code: 'INVALID_REQUEST', message: `${field}: expected ${expected}` } };
}

/** Twilio's inbound SMS and WhatsApp webhook: form fields in, TwiML MessagingResponse out. */
export function smsWebhook(options: SmsWebhookOptions): Router {
  const { inbound, messenger, clock, logger, replyDeadlineMs } = options;
  const replies = new RepliesByMessageSid<InboundReply>();
  // A reply already on its way as a message must not go out a second time in a replay's TwiML.
  const sentAsMessage = new Set<string>();
  const router = new Router();

  async function sendLate(patient: PhoneNumber, channel: Channel, messageSid: string, work: Promise<InboundReply>) {
    const { reply } = await work;
    // An opted-out patient's text already got no reply from the receptionist; a STOP's own
    // confirmation is the one message that must still go out.
    if (!reply) return;
    await messenger.send({ to: patient, channel, body: reply });
    logger.info({ messageSid, to: maskPhoneNumber(patient) }, 'slow reply sent as a message');
  }

  router.post(SMS_WEBHOOK_PATH, verifyTwilioSignature(options.auth), async (ctx) => {
    const form = (ctx.request.body ?? {}) as Record<string, unknown>;
    const { From: from, Body: text, MessageSid: messageSid } = form;
    if (typeof messageSid !== 'string' || !messageSid) return refuse(ctx, 'MessageSid', 'the Twilio message id');
    if (typeof text !== 'string') return refuse(ctx, 'Body', 'the message text');
    const patient = typeof from === 'string' ? parsePhoneNumber(from) : undefined;
    if (!patient?.ok) return refuse(ctx, 'From', 'the sender as E.164 or whatsapp:+E.164');
    const channel: Channel = (from as string).toLowerCase().startsWith('whatsapp:') ? 'whatsapp' : 'sms';

    const { value: work, first } = replies.once(messageSid, clock.now(), () =>
      inbound.handle(patient.value, text, channel, messageSid),
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), replyDeadlineMs)));
    const outcome = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    const replay = !first || (outcome !== 'late' && outcome.repeated === true);
    logger.info(
      { messageSid, channel, from: maskPhoneNumber(patient.value), replay, late: outcome === 'late' },
      'inbound text',
    );

    if (outcome === 'late' && first) {
      sentAsMessage.add(messageSid);
      sendLate(patient.value, channel, messageSid, work)
        .catch((err: unknown) => logger.error({ err, messageSid }, 'sending a slow reply failed'))
        .finally(() => setTimeout(() => sentAsMessage.delete(messageSid), 60 * 60 * 1000).unref());
    }
    ctx.type = 'text/xml';
    ctx.body = outcome === 'late' || sentAsMessage.has(messageSid) ? twiml() : twiml(outcome.reply);
  });
  return router;
}
