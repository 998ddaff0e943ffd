import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { RateLimiter } from '../../application/rate-limiter.js';
import { StoreUnavailableError } from '../../ports/booking-store.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import { HttpError } from './http-error.js';

function sendError(ctx: Context, error: HttpError) {
  ctx.set(error.headers);
  ctx.status = error.status;
  ctx.body = { error: { code: error.code, message: error.message } };
}

/** Body-parser failures carry a status and a type; turn them into the API's error shape. */
function fromParserError(error: { status?: number; type?: string }): HttpError | undefined {
  if (error.status === 413) return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'body: expected at most 16 kB of JSON');
  if (error.status === 400 || error.status === 415)
    return new HttpError(400, 'INVALID_JSON', 'body: expected a valid JSON object');
  return undefined;
}

/**
 * Outermost: gives each request an id, logs one line for it (never its query or body: they hold
 * phone numbers), and turns anything unexpected into a 500 that reveals nothing but that id.
 */
export function requestLifecycle(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const requestId = randomUUID();
    const started = performance.now();
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        sendError(ctx, new HttpError(404, 'NOT_FOUND', `no route ${ctx.method} ${ctx.path}`));
      }
    } catch (error) {
      const known = error instanceof HttpError ? error : fromParserError(error as { status?: number });
      if (known) {
        sendError(ctx, known);
      } else if (error instanceof StoreUnavailableError) {
        logger.warn({ requestId, err: error.cause }, 'store unavailable');
        ctx.set('Retry-After', '5');
        sendError(
          ctx,
          new HttpError(503, 'STORE_UNAVAILABLE', 'the appointment store is not answering; try again in a few seconds'),
        );
      } else {
        logger.error({ requestId, err: error }, 'request failed');
        sendError(
          ctx,
          new HttpError(500, 'INTERNAL', `something went wrong on our side; quote request id ${requestId}`),
        );
      }
    }
    logger.info(
      {
        requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Bearer-token check in constant time, so the token cannot be guessed byte by byte. */
export function requireBearerToken(token: string, open: (path: string) => boolean) {
  const expected = digest(token);
  return async (ctx: Context, next: Next) => {
    if (!open(ctx.path)) {
      const presented = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1] ?? '';
      if (!timingSafeEqual(digest(presented), expected)) {
        ctx.set('WWW-Authenticate', 'Bearer');
        throw new HttpError(401, 'UNAUTHORIZED', 'Authorization: expected the header "Bearer <API_TOKEN>"');
      }
    }
    await next();
  };
}

export function requireJsonBody(exempt: (path: string) => boolean) {
  return async (ctx: Context, next: Next) => {
    if (ctx.method === 'POST' && !exempt(ctx.path) && !ctx.is('application/json')) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type: expected application/json');
    }
    await next();
  };
}

/** A refusal for the request's credentials: no bearer token, or a signature that does not check. */
const failedAuthentication = (status: number, code: unknown) =>
  status === 401 || (status === 403 && code === 'FORBIDDEN');

/**
 * Requests refused for their credentials (401; 403 FORBIDDEN from the Twilio and SNS signature
 * checks) are counted per client address: past `limiter`'s rate, such a refusal is answered 429 with
 * Retry-After instead, telling a client that keeps failing to back off, and is warned of once a
 * minute. Requests that authenticate are never counted nor limited by address: Twilio, SNS and an
 * integrator carry many patients' requests from few addresses (behind a proxy, from one).
 */
export function limitFailedAuthentication(limiter: RateLimiter, clock: Clock, logger: Logger) {
  return async (ctx: Context, next: Next) => {
    let refusal: HttpError | undefined;
    try {
      await next();
    } catch (error) {
      if (!(error instanceof HttpError && failedAuthentication(error.status, error.code))) throw error;
      refusal = error;
    }
    // The webhooks' signature checks answer their 403 themselves rather than throw.
    if (!refusal && !failedAuthentication(ctx.status, (ctx.body as ErrorBody)?.error?.code)) return;
    const admission = limiter.admit(ctx.ip, clock.now());
    if (!admission.admitted) {
      if (admission.first)
        logger.warn({ address: ctx.ip, perMinute: limiter.perMinute }, 'failed authentication over the rate');
      const seconds = Math.ceil(admission.retryAfterMs / 1000);
      throw new HttpError(
        429,
        'TOO_MANY_FAILED_ATTEMPTS',
        `too many requests from this address failed authentication in the last minute; try again in ${seconds} s`,
        { 'Retry-After': String(seconds) },
      );
    }
    if (refusal) throw refusal;
  };
}

type ErrorBody = { error?: { code?: unknown } } | undefined;
