import type { Context, Next } from 'koa';
import type { BookingChannel } from '../../domain/booking-channel.js';
import { accessOf } from './clinic-access.js';
import { HttpError } from './http-error.js';

/** The staff member a request acts as, when it comes from a signed-in console session. */
const staffOf = (ctx: Context) => {
  const access = accessOf(ctx);
  return access.operator ? undefined : access.staff;
};

/** What a REST booking records as where it was made: the console for staff signed in, else an integration. */
export const bookedViaOf = (ctx: Context): BookingChannel => (staffOf(ctx) ? 'console' : 'api');

/**
 * Who works for the clinic is the operator's or a manager's to decide: not the front desk's, nor an
 * integration's token.
 */
export async function managerOnly(ctx: Context, next: Next): Promise<void> {
  const access = accessOf(ctx);
  if (!(access.operator || access.staff?.role === 'manager'))
    throw new HttpError(403, 'MANAGER_ONLY', "Cookie: expected a manager's session (or the operator's token)");
  await next();
}

/**
 * For what a clinic's manager decides about its own set-up (its calendar feeds' secrets): the operator,
 * a clinic's token (an integration the clinic set up), or a signed-in manager; other staff are refused.
 */
export async function managerOrToken(ctx: Context, next: Next): Promise<void> {
  const staff = staffOf(ctx);
  if (staff && staff.role !== 'manager')
    throw new HttpError(
      403,
      'MANAGER_ONLY',
      "role: expected a manager's session, the clinic's token or the operator's",
    );
  await next();
}
