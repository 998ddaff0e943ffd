import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import type { RateLimiter } from '../../application/rate-limiter.js';
import type { ClinicId } from '../../domain/clinic.js';
import { maskPhoneNumber } from '../../domain/phone-number.js';
import { StoreUnavailableError } from '../../ports/booking-store.js';
import type { Clock } from '../../ports/clock.js';
import type { LogContext } from '../../ports/log-context.js';
import type { Logger } from '../../ports/logger.js';
import type { StaffSession } from '../../ports/staff-sessions.js';
import type { Access } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { requireSameSiteRequest, sessionTokenOf, signedOut } from './session-cookie.js';

function sendError(ctx: Context, error: HttpError) {
  ctx.set(error.headers);
  ctx.status = error.status;
  ctx.body = { error: { code: error.code, message: error.message, ...error.details } };
}

const isErrorBody = (body: unknown): body is { error: Record<string, unknown> } =>
  typeof (body as ErrorBody)?.error === 'object' && (body as ErrorBody)?.error !== null;

/**
 * Why a body could not be read, in the API's error shape. The body parser's own failures carry a
 * status: 413 too large, 415 an encoding it cannot undo, 400 unparseable. A body that does not
 * decompress as its Content-Encoding says fails in zlib, with no status at all.
 */
export function unreadableBody(error: unknown, ctx: Context): HttpError {
  const { status } = error as { status?: number };
  if (status === 413) {
    const limit = ctx.is('application/x-www-form-urlencoded') ? '64 kB of form fields' : '16 kB of JSON';
    return new HttpError(413, 'PAYLOAD_TOO_LARGE', `body: expected at most ${limit}`);
  }
  if (status === 415)
    return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding: expected gzip, deflate, br or identity');
  if (status === undefined && !['', 'identity'].includes(ctx.get('Content-Encoding')))
    return new HttpError(400, 'INVALID_REQUEST', 'body: expected data compressed as its Content-Encoding says');
  return new HttpError(400, 'INVALID_JSON', 'body: expected a valid JSON object');
}

/**
 * Outermost: gives each request an id, logs one line for it (never its query or body: they hold
 * phone numbers), and turns anything unexpected into a 500 that reveals nothing but that id. The id
 * is in every line logged while the request runs and in every error body (the webhooks' own too),
 * so a client quoting it finds the request's lines.
 */
export function requestLifecycle(logger: Logger, logContext?: LogContext) {
  return async (ctx: Context, next: Next) => {
    const requestId = randomUUID();
    const started = performance.now();
    ctx.set('X-Request-Id', requestId);
    try {
      await (logContext ? logContext.run({ requestId }, next) : next());
      if (ctx.status === 404 && ctx.body === undefined) {
        sendError(ctx, new HttpError(404, 'NOT_FOUND', `no route ${ctx.method} ${ctx.path}`));
      }
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(ctx, error);
      } else if (error instanceof StoreUnavailableError) {
        logger.warn({ requestId, err: error.cause }, 'store unavailable');
        ctx.set('Retry-After', '5');
        sendError(ctx, new HttpError(503, 'STORE_UNAVAILABLE', `${error.message}; try again in a few seconds`));
      } else {
        logger.error({ requestId, err: error }, 'request failed');
        sendError(
          ctx,
          new HttpError(500, 'INTERNAL', `something went wrong on our side; quote request id ${requestId}`),
        );
      }
    }
    if (isErrorBody(ctx.body)) ctx.body.error.requestId = requestId;
    logger.info(
      {
        requestId,
        method: ctx.method,
        path: loggedPath(ctx.path),
        status: ctx.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}

/** A patient's page names the patient in its path: logged, the number is masked. */
function loggedPath(path: string): string {
  return path.replace(/(\/patients\/)([^/]*)/, (_, prefix: string, patient: string) => {
    let number = patient;
    try {
      number = decodeURIComponent(patient);
    } catch {}
    return `${prefix}${maskPhoneNumber(number)}`;
  });
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** A public URL's host, and `host:port` too when the URL leaves its scheme's port out: either may be sent. */
function publicNamesOf(publicBaseUrl: string | undefined): string[] {
  if (!publicBaseUrl) return [];
  const url = new URL(publicBaseUrl);
  return url.port ? [url.host] : [url.host, `${url.host}:${url.protocol === 'https:' ? 443 : 80}`];
}

/**
 * A browser can be made to reach this server in two ways it should not: from a page on a domain
 * rebound to 127.0.0.1 (its requests name that domain as Host), and from a page of another site
 * posting a form (its requests carry that site's Origin). Only the public host (PUBLIC_BASE_URL) and
 * loopback at the port a request came in on are this server's names. Twilio, SNS and curl send no
 * Origin.
 */
export function refuseForeignHosts(publicBaseUrl: string | undefined, open: (path: string) => boolean) {
  const publicNames = publicNamesOf(publicBaseUrl);
  // A server listens on a port or two: its names are worked out once for each, not on every request.
  const namesAt = new Map<number | undefined, { loopback: string[]; own: Set<string> }>();
  const namesOf = (port: number | undefined) => {
    let names = namesAt.get(port);
    if (!names) {
      const loopback = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
      // http's own port may be left out of a Host.
      names = { loopback, own: new Set([...publicNames, ...loopback, ...(port === 80 ? LOOPBACK_NAMES : [])]) };
      namesAt.set(port, names);
    }
    return names;
  };
  // Not async, as no check here waits for anything: each request on every route passes through.
  return (ctx: Context, next: Next) => {
    if (!open(ctx.path)) {
      const { loopback, own } = namesOf(ctx.req.socket.localPort);
      const isOwn = (host: string) => own.has(host.toLowerCase());
      if (!isOwn(ctx.get('Host'))) {
        const expected = [...publicNames.slice(0, 1), ...loopback];
        const listed = `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`;
        throw new HttpError(421, 'MISDIRECTED_REQUEST', `Host: expected ${listed}`);
      }
      const origin = ctx.get('Origin');
      if (origin && !(URL.canParse(origin) && isOwn(new URL(origin).host))) {
        throw new HttpError(
          403,
          'CROSS_SITE_REQUEST',
          "Origin: expected none, or this server's own; pages of other sites may not call it",
        );
      }
    }
    return next();
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who the request acts as, from its console session (`staffSession` finds it by the cookie's token)
 * or its bearer token: the operator's (API_TOKEN, checked in constant
 * time so it cannot be guessed byte by byte), or a clinic's, found by its hash. Without API_TOKEN the
 * server is not exposed, and a request without a clinic token acts as the operator.
 */
export function authenticate(
  operatorToken: string | undefined,
  clinicOfToken: (token: string) => Promise<ClinicId | undefined>,
  open: (path: string) => boolean,
  staffSession: (token: string) => Promise<StaffSession | undefined>,
) {
  const expected = operatorToken === undefined ? undefined : digest(operatorToken);
  return (ctx: Context, next: Next) => {
    if (open(ctx.path)) return next();
    const presented = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
    // With no cookie, a console session cannot be what the request acts as; the operator needs no look-up.
    const operator = ctx.get('Cookie') === '' ? operatorAccess(presented) : undefined;
    if (operator) {
      ctx.state.access = operator;
      return next();
    }
    return lookedUp(ctx, presented).then(() => next());
  };

  async function lookedUp(ctx: Context, presented: string | undefined): Promise<void> {
    ctx.state.access = (await sessionAccess(ctx, presented === undefined)) ?? (await accessFor(presented));
  }

  /** The operator's: by API_TOKEN, or on a server without one, by presenting no token at all. */
  function operatorAccess(presented: string | undefined): Access | undefined {
    if (presented === undefined) return expected ? undefined : { operator: true };
    return expected && timingSafeEqual(digest(presented), expected) ? { operator: true } : undefined;
  }

  /**
   * A console session (cookie) comes first, even where requests without credentials are the
   * operator's: a staff member reaches their own clinic and nothing more. A cookie that names no
   * session, on a request with no bearer token, is a console signed out, not the operator.
   */
  async function sessionAccess(ctx: Context, withoutBearer: boolean): Promise<Access | undefined> {
    const token = sessionTokenOf(ctx);
    const session = token === undefined ? undefined : await staffSession(token);
    if (!session) {
      if (token !== undefined && withoutBearer) throw signedOut();
      return undefined;
    }
    requireSameSiteRequest(ctx, session);
    return { operator: false, clinicId: session.clinicId, staff: { staffId: session.staffId, role: session.role } };
  }

  async function accessFor(presented: string | undefined): Promise<Access> {
    const operator = operatorAccess(presented);
    if (operator) return operator;
    const clinicId = presented === undefined ? undefined : await clinicOfToken(presented);
    if (clinicId) return { operator: false, clinicId };
    throw new HttpError(
      401,
      'UNAUTHORIZED',
      'Authorization: expected the header "Bearer <API_TOKEN or a clinic token>"',
      {
        'WWW-Authenticate': 'Bearer',
      },
    );
  }
}

/** The methods the body parser reads a body for: the others go past the body's checks and parsing at once. */
const PARSED = new Set(['POST', 'PUT', 'PATCH']);
/** The methods the API's routes take a body on. */
const TYPED = new Set(['POST', 'PUT']);

/**
 * A body is JSON, except on the `exempt` paths (webhooks' forms), and is parsed by `parse` before the
 * routes read it.
 */
export function readBody(exempt: (path: string) => boolean, parse: Middleware) {
  return (ctx: Context, next: Next) => {
    if (!PARSED.has(ctx.method)) return next();
    // A POST with nothing in it (issuing a token) has no body to type.
    const hasBody = ctx.get('Transfer-Encoding') !== '' || Number(ctx.get('Content-Length') || 0) > 0;
    if (TYPED.has(ctx.method) && hasBody && !exempt(ctx.path) && !ctx.is('application/json')) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type: expected application/json');
    }
    return parse(ctx, next);
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
