import type { Context, Next } from 'koa';
import twilio from 'twilio';
import type { Metrics, Webhook } from '../../ports/metrics.js';
import { postedForm, signedParams } from './twilio-form.js';

export interface WebhookAuth {
  /** When set, every request must carry a valid X-Twilio-Signature. */
  authToken?: string;
  /** The base URL Twilio calls, e.g. https://clinic.example.com: signatures cover the full URL. */
  publicBaseUrl?: string;
  /**
   * `unsigned-local` takes unsigned requests when there is no token: a mode named as such, for trying
   * the webhooks on one's own machine (the configuration refuses it on a server others can reach).
   * Anything else, unset included, takes only signed ones.
   */
  webhooks?: 'signed' | 'unsigned-local';
}

function refuse(ctx: Context, message: string) {
  ctx.status = 403;
  ctx.body = { error: { code: 'FORBIDDEN', message } };
}

/**
 * Twilio signs the exact URL it called plus the POSTed form fields. A forged or unsigned request
 * is refused before anything is read from it, and counted as forged for `webhook`.
 */
export function verifyTwilioSignature(auth: WebhookAuth, metrics: Metrics, webhook: Webhook) {
  const forged = (ctx: Context, message: string) => {
    metrics.webhook(webhook, 'forged');
    refuse(ctx, message);
  };
  return async (ctx: Context, next: Next) => {
    if (auth.authToken) {
      const url = `${auth.publicBaseUrl!.replace(/\/$/, '')}${ctx.originalUrl}`;
      const params = signedParams(postedForm(ctx));
      if (!twilio.validateRequest(auth.authToken, ctx.get('X-Twilio-Signature'), url, params)) {
        return forged(ctx, 'X-Twilio-Signature: expected a valid Twilio signature for this URL and body');
      }
    } else if (auth.webhooks !== 'unsigned-local') {
      return forged(
        ctx,
        'X-Twilio-Signature: cannot be checked without TWILIO_AUTH_TOKEN; set it, or TWILIO_WEBHOOKS=unsigned-local to try the webhooks unsigned on your own machine',
      );
    }
    await next();
  };
}
