import { Router } from '@koa/router';
import * as t from 'io-ts';
import type { Middleware } from 'koa';
import type { AddStaffMember } from '../../application/add-staff-member.js';
import type { RemoveStaffMember } from '../../application/remove-staff-member.js';
import type { StaffAccounts } from '../../ports/staff-accounts.js';
import { clinicOf } from './clinic-access.js';
import { HttpError } from './http-error.js';
import { decodeRequest } from './request-codecs.js';
import { managerOnly } from './staff-roles.js';

export interface StaffRoutesOptions {
  add: AddStaffMember;
  remove: RemoveStaffMember;
  accounts: Pick<StaffAccounts, 'list'>;
}

const NewStaffRequest = t.type({ name: t.string, email: t.string, role: t.string, password: t.string });
const STATUS_OF = { INVALID_REQUEST: 400, CLINIC_NOT_FOUND: 404, EMAIL_TAKEN: 409 } as const;

/** A clinic's staff accounts, for the operator and the clinic's managers (`clinicId` in the path). */
export function staffRoutes(select: Middleware, { add, remove, accounts }: StaffRoutesOptions): Router {
  const router = new Router();

  router.post('/staff', select, managerOnly, async (ctx) => {
    const request = decodeRequest(NewStaffRequest, ctx.request.body, 'body');
    const added = await add.execute({ ...request, clinicId: clinicOf(ctx).clinic.id });
    if (!added.ok) throw new HttpError(STATUS_OF[added.error.code], added.error.code, added.error.message);
    ctx.status = 201;
    ctx.body = added.value;
  });

  router.get('/staff', select, managerOnly, async (ctx) => {
    ctx.body = { staff: await accounts.list(clinicOf(ctx).clinic.id) };
  });

  router.delete('/staff/:staffId', select, managerOnly, async (ctx) => {
    if (!(await remove.execute(clinicOf(ctx).clinic.id, ctx.params.staffId ?? '')))
      throw new HttpError(404, 'STAFF_NOT_FOUND', "staffId: expected the id of one of this clinic's staff");
    ctx.status = 204;
  });

  return router;
}
