import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { StoreUnavailableError } from '../../ports/booking-store.js';
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
