import type { Context, Next } from 'koa';
import type { BookingChannel } from '../../domain/booking-channel.js';
import { accessOf } from './clinic-access.js';
import { HttpError } from './http-error.js';

/**
 * The staff member a request acts as, when it comes from a signed-in console session. Read through
 * `in` rather than the Access type: a token's access carries no staff at all.
 */
function staffOf(ctx: Context): { role?: unknown } | undefined {
  const access: object = accessOf(ctx);
  const staff: unknown = 'staff' in access ? access.staff : undefined;
  return typeof staff === 'object' && staff !== null ? staff : undefined;
}

/** What a REST booking records as where it was made: the console for staff signed in, else an integration. */
export const bookedViaOf = (ctx: Context): BookingChannel => (staffOf(ctx) ? 'console' : 'api');

/**
 * For what a clinic's manager decides (its calendar feeds' secrets): the operator, a clinic's token
 * (an integration the clinic set up), or a signed-in manager; other staff are refused.
 */
export async function managerOrOperator(ctx: Context, next: Next): Promise<void> {
  const staff = staffOf(ctx);
  if (staff && staff.role !== 'manager')
    throw new HttpError(
      403,
      'MANAGER_ONLY',
      "role: expected a manager's session, the clinic's token or the operator's",
    );
  await next();
}
