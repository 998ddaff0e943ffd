import { Router } from '@koa/router';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ClinicDocument, toDocument } from '../../../config/clinic-document.js';
import { describeErrors } from '../../../config/describe-errors.js';
import type { IssueClinicToken } from '../../application/issue-clinic-token.js';
import type { PutClinic } from '../../application/put-clinic.js';
import { CLINIC_ID_EXPECTED, type Clinic, type ClinicId, isClinicId } from '../../domain/clinic.js';
import type { ClinicTokens } from '../../ports/clinic-tokens.js';
import type { Clinics } from '../../ports/clinics.js';
import { operatorOnly } from './clinic-access.js';
import { HttpError } from './http-error.js';

export interface OperatorRoutesOptions {
  clinics: Clinics;
  putClinic: PutClinic;
  issueToken: IssueClinicToken;
  tokens: ClinicTokens;
  /** Serves a clinic just put at once, its horizon opened on its hours, before the put is answered. */
  served: (clinic: Clinic) => Promise<void>;
}

function clinicIdIn(value: string | undefined): ClinicId {
  if (value === undefined || !isClinicId(value))
    throw new HttpError(400, 'INVALID_REQUEST', `clinicId: expected ${CLINIC_ID_EXPECTED}`);
  return value;
}

const notFound = () => new HttpError(404, 'CLINIC_NOT_FOUND', 'clinicId: expected the id of a clinic');

/** The operator's: the clinics a deployment serves, and the tokens their integrations use. */
export function operatorRoutes({ clinics, putClinic, issueToken, tokens, served }: OperatorRoutesOptions): Router {
  const router = new Router({ prefix: '/admin/clinics' });

  router.get('/', operatorOnly, async (ctx) => {
    ctx.body = { clinics: (await clinics.list()).map(toDocument) };
  });

  router.get('/:clinicId', operatorOnly, async (ctx) => {
    const clinic = await clinics.get(clinicIdIn(ctx.params.clinicId));
    if (!clinic) throw notFound();
    ctx.body = toDocument(clinic);
  });

  router.put('/:clinicId', operatorOnly, async (ctx) => {
    const id = clinicIdIn(ctx.params.clinicId);
    const decoded = ClinicDocument.decode(ctx.request.body);
    if (isLeft(decoded)) throw new HttpError(400, 'INVALID_REQUEST', describeErrors(decoded.left).join('; '));
    const clinic = decoded.right;
    if (clinic.id !== id) throw new HttpError(400, 'INVALID_REQUEST', `id: expected ${id}, the clinic id in the path`);
    const put = await putClinic.execute(clinic);
    if (!put.ok) throw new HttpError(409, put.error.code, put.error.message);
    await served(clinic);
    ctx.status = put.value === 'created' ? 201 : 200;
    ctx.body = toDocument(clinic);
  });

  router.post('/:clinicId/tokens', operatorOnly, async (ctx) => {
    const issued = await issueToken.execute(clinicIdIn(ctx.params.clinicId));
    if (!issued) throw notFound();
    ctx.status = 201;
    ctx.body = issued;
  });

  router.delete('/:clinicId/tokens/:tokenId', operatorOnly, async (ctx) => {
    const revoked = await tokens.revoke(clinicIdIn(ctx.params.clinicId), ctx.params.tokenId ?? '');
    if (!revoked)
      throw new HttpError(404, 'TOKEN_NOT_FOUND', "tokenId: expected the id of one of this clinic's tokens");
    ctx.status = 204;
  });

  return router;
}
