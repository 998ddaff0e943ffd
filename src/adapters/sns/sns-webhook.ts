import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { ReplyToText } from '../../application/reply-to-text.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import { readEnvelope, type SnsEnvelope } from './sns-envelope.js';
import {
  type CertificateFetcher,
  cachedCertificates,
  confirmByGet,
  type SubscriptionConfirmer,
  snsUrl,
} from './sns-https.js';
import { verifySnsEnvelope } from './sns-signature.js';
import { readInboundSms } from './two-way-sms.js';

export interface SnsWebhookOptions {
  /** Who answers a text, by the number it was sent to; none owns the number, no one. */
  repliesFor: (to: string) => Promise<ReplyToText | undefined>;
  logger: Logger;
  /** The one topic whose messages are read: the one two-way SMS publishes to. */
  topicArn: string;
  /** Tells a message's age: one signed over an hour ago is refused. */
  clock: Clock;
  metrics: Metrics;
  /** Defaults to an https GET with a cache; tests pass their own certificate. */
  fetchCertificate?: CertificateFetcher;
  /** Defaults to an https GET of the SubscribeURL. */
  confirmSubscription?: SubscriptionConfirmer;
}

export const SNS_WEBHOOK_PATH = '/sns/webhook';

/** SNS messages are at most 256 KB; the envelope adds its own fields and a signature. */
const MAX_BODY_BYTES = 300 * 1024;

function refuse(ctx: Context, status: number, code: string, message: string) {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

function acknowledge(ctx: Context, outcome: string) {
  ctx.status = 200;
  ctx.body = { status: outcome };
}

/**
 * SNS posts JSON as text/plain, which the app's body parser leaves alone, so the body is read here
 * (or taken as parsed, when a delivery policy sets application/json).
 */
async function bodyText(ctx: Context): Promise<string | undefined> {
  if (typeof ctx.request.rawBody === 'string') return ctx.request.rawBody;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * SNS's HTTPS deliveries: the subscription handshake and two-way SMS notifications. Every message is
 * checked to be signed by SNS for the configured topic before anything in it is read or acted on.
 * A patient's text is acknowledged at once and answered afterwards through the Messenger: SNS
 * waits for no reply, and retries a delivery it thinks timed out.
 */
export function snsWebhook(options: SnsWebhookOptions): Router {
  const { repliesFor, logger, topicArn, clock, metrics } = options;
  const fetchCertificate = options.fetchCertificate ?? cachedCertificates();
  const confirmSubscription = options.confirmSubscription ?? confirmByGet;
  const router = new Router();

  async function confirm(ctx: Context, envelope: SnsEnvelope) {
    const url = snsUrl(envelope.SubscribeURL!);
    if (!url) return refuse(ctx, 403, 'FORBIDDEN', 'SubscribeURL: expected an https URL on an SNS host');
    try {
      await confirmSubscription(url);
    } catch (err) {
      logger.error({ err, topicArn }, 'confirming the SNS subscription failed');
      return refuse(
        ctx,
        502,
        'SUBSCRIPTION_NOT_CONFIRMED',
        'SubscribeURL: SNS did not accept the confirmation; deliver again to retry',
      );
    }
    logger.info({ topicArn }, 'SNS subscription confirmed');
    acknowledge(ctx, 'subscribed');
  }

  async function acceptText(ctx: Context, envelope: SnsEnvelope) {
    const sms = readInboundSms(envelope.Message);
    if (!sms.ok) return refuse(ctx, 400, 'INVALID_REQUEST', sms.error);
    const { originationNumber: patient, destinationNumber, messageBody: text, inboundMessageId: messageId } = sms.value;
    const replies = await repliesFor(destinationNumber ?? '');
    if (!replies) {
      // No clinic is reached on it: nothing is booked, and SNS, answered, does not deliver it again.
      logger.warn({ messageId }, 'a text to a number no clinic has');
      return acknowledge(ctx, 'no clinic has this number');
    }
    const { outcome } = await replies.execute({
      patient,
      text,
      channel: 'sms',
      messageId,
      deliveryId: envelope.MessageId,
    });
    metrics.webhook('sns', outcome);
    acknowledge(ctx, outcome === 'duplicate' ? 'already accepted' : 'accepted');
  }

  router.post(SNS_WEBHOOK_PATH, async (ctx) => {
    const text = await bodyText(ctx);
    if (text === undefined)
      return refuse(ctx, 413, 'PAYLOAD_TOO_LARGE', `body: expected at most ${MAX_BODY_BYTES} bytes`);
    const envelope = readEnvelope(text);
    if (!envelope.ok) return refuse(ctx, 400, 'INVALID_REQUEST', envelope.error);
    const verified = await verifySnsEnvelope(envelope.value, topicArn, fetchCertificate, clock.now());
    if (!verified.ok) {
      if (verified.error.status === 403) metrics.webhook('sns', 'forged');
      logger.warn({ type: envelope.value.Type, reason: verified.error.message }, 'SNS message refused');
      return refuse(
        ctx,
        verified.error.status,
        verified.error.status === 403 ? 'FORBIDDEN' : 'UNAVAILABLE',
        verified.error.message,
      );
    }
    switch (verified.value.Type) {
      case 'SubscriptionConfirmation':
        return confirm(ctx, verified.value);
      case 'UnsubscribeConfirmation':
        logger.warn({ topicArn }, 'SNS subscription ended: two-way SMS no longer reaches this server');
        return acknowledge(ctx, 'noted');
      case 'Notification':
        return acceptText(ctx, verified.value);
    }
  });
  return router;
}
