import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { StaffSession } from '../../ports/staff-sessions.js';
import { HttpError } from './http-error.js';

export const SESSION_COOKIE = 'console_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/**
 * The console's session cookie: out of scripts' reach (HttpOnly), never sent from another site's
 * page (SameSite=Strict), and only over TLS when the server is served over https. Set by hand: Koa
 * refuses a Secure cookie on the plain connection a TLS-terminating proxy forwards.
 */
export function sessionCookie(token: string, { secure, maxAgeSeconds }: { secure: boolean; maxAgeSeconds: number }) {
  return [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', `Max-Age=${maxAgeSeconds}`]
    .concat(secure ? ['Secure'] : [])
    .join('; ');
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie('', { secure, maxAgeSeconds: 0 });

export const sessionTokenOf = (ctx: Context): string | undefined => ctx.cookies.get(SESSION_COOKIE) || undefined;

const digest = (value: string) => createHash('sha256').update(value).digest();

const isSafe = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * A browser sends the cookie with whatever request a page makes of this server. A request that
 * changes something must also carry the session's CSRF token, which only this server's own pages
 * were given (compared in constant time), and come from this very host when it says where from.
 */
export function requireSameSiteRequest(ctx: Context, session: StaffSession): void {
  if (isSafe(ctx.method)) return;
  const origin = ctx.get('Origin');
  if (origin && !(URL.canParse(origin) && new URL(origin).host === ctx.get('Host').toLowerCase()))
    throw new HttpError(403, 'CSRF_REJECTED', "Origin: expected this server's own, as the console's pages send it");
  const presented = ctx.get(CSRF_HEADER);
  if (!presented || !timingSafeEqual(digest(presented), digest(session.csrfToken)))
    throw new HttpError(
      403,
      'CSRF_REJECTED',
      `${CSRF_HEADER}: expected the csrfToken given at sign-in, on every request but GET and HEAD`,
    );
}

export const signedOut = () =>
  new HttpError(
    401,
    'SIGNED_OUT',
    `Cookie: expected a ${SESSION_COOKIE} of a session that has not ended; sign in again`,
  );
