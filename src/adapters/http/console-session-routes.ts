import { Router } from '@koa/router';
import * as t from 'io-ts';
import type { ConsoleSessions, SessionLifetimes } from '../../application/console-sessions.js';
import type { SignIn } from '../../application/sign-in.js';
import type { StaffMember } from '../../domain/staff.js';
import type { StaffAccounts } from '../../ports/staff-accounts.js';
import type { StaffSession } from '../../ports/staff-sessions.js';
import { HttpError } from './http-error.js';
import { decodeRequest } from './request-codecs.js';
import {
  clearedSessionCookie,
  requireSameSiteRequest,
  sessionCookie,
  sessionTokenOf,
  signedOut,
} from './session-cookie.js';

export interface ConsoleSessionOptions {
  signIn: SignIn;
  sessions: ConsoleSessions;
  accounts: Pick<StaffAccounts, 'byId'>;
  lifetimes: SessionLifetimes;
  /** PUBLIC_BASE_URL is https: the cookie is then sent over TLS alone. */
  secure: boolean;
}

export const CONSOLE_SESSION_PATH = '/console/session';

const SignInRequest = t.type({
  email: t.string,
  password: t.string,
});

const staffJson = ({ staffId, clinicId, name, email, role }: StaffMember) => ({ staffId, clinicId, name, email, role });

/**
 * Staff sign-in to the console: the session cookie, and the CSRF token the console's pages send back.
 * Open (no bearer token): the failed-authentication limit counts every refused sign-in by address,
 * and each account locks after too many in a row.
 */
export function consoleSessionRoutes({ signIn, sessions, accounts, lifetimes, secure }: ConsoleSessionOptions): Router {
  const router = new Router();

  /** The session the cookie names, with its staff member as they are now. */
  async function signedIn(token: string | undefined): Promise<{ session: StaffSession; staff: StaffMember }> {
    const session = token === undefined ? undefined : await sessions.current(token);
    const account = session && (await accounts.byId(session.clinicId, session.staffId));
    if (!session || !account) throw signedOut();
    return { session, staff: account };
  }

  router.post(CONSOLE_SESSION_PATH, async (ctx) => {
    const { email, password } = decodeRequest(SignInRequest, ctx.request.body, 'body');
    const signedIn = await signIn.execute(email, password);
    if (!signedIn.ok) {
      if (signedIn.error.code === 'INVALID_CREDENTIALS')
        throw new HttpError(
          401,
          'INVALID_CREDENTIALS',
          'email, password: expected the email and password of a staff account',
        );
      const seconds = Math.ceil(signedIn.error.retryAfterMs / 1000);
      throw new HttpError(
        429,
        'ACCOUNT_LOCKED',
        `email: too many failed sign-ins in a row; expected another try in ${seconds} s`,
        { 'Retry-After': String(seconds) },
      );
    }
    const { staff, token, session } = signedIn.value;
    ctx.append('Set-Cookie', sessionCookie(token, { secure, maxAgeSeconds: Math.floor(lifetimes.lifetimeMs / 1000) }));
    ctx.body = { staff: staffJson(staff), csrfToken: session.csrfToken };
  });

  router.get(CONSOLE_SESSION_PATH, async (ctx) => {
    const { session, staff } = await signedIn(sessionTokenOf(ctx));
    ctx.body = { staff: staffJson(staff), csrfToken: session.csrfToken };
  });

  router.delete(CONSOLE_SESSION_PATH, async (ctx) => {
    const token = sessionTokenOf(ctx);
    const session = token === undefined ? undefined : await sessions.current(token);
    // Another site's page must not sign staff out either; without a session there is nothing to end.
    if (session) requireSameSiteRequest(ctx, session);
    if (token !== undefined) await sessions.end(token);
    ctx.append('Set-Cookie', clearedSessionCookie(secure));
    ctx.status = 204;
  });

  return router;
}
