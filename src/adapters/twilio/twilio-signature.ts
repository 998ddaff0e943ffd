import type { Context, Next } from 'koa';
import twilio from 'twilio';
import { postedForm, signedParams } from './twilio-form.js';

export interface WebhookAuth {
  /** When set, every request must carry a valid X-Twilio-Signature. */
  authToken?: string;
  /** The base URL Twilio calls, e.g. https://clinic.example.com: signatures cover the full URL. */
  publicBaseUrl?: string;
  /** Without a token, unsigned requests are accepted only while the server listens on loopback. */
  listeningOnLoopback: boolean;
}

function refuse(ctx: Context, message: string) {
  ctx.status = 403;
  ctx.body = { error: { code: 'FORBIDDEN', message } };
}

/**
 * Twilio signs the exact URL it called plus the POSTed form fields. A forged or unsigned request
 * is refused before anything is read from it.
 */
export function verifyTwilioSignature(auth: WebhookAuth) {
  return async (ctx: Context, next: Next) => {
    if (auth.authToken) {
      const url = `${auth.publicBaseUrl!.replace(/\/$/, '')}${ctx.originalUrl}`;
      const params = signedParams(postedForm(ctx));
      if (!twilio.validateRequest(auth.authToken, ctx.get('X-Twilio-Signature'), url, params)) {
        return refuse(ctx, 'X-Twilio-Signature: expected a valid Twilio signature for this URL and body');
      }
    } else if (!auth.listeningOnLoopback) {
      return refuse(
        ctx,
        'X-Twilio-Signature: cannot be checked without TWILIO_AUTH_TOKEN; unsigned webhooks are accepted on loopback only',
      );
    }
    await next();
  };
}
