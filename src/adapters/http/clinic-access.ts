import type { Context, Middleware, Next } from 'koa';
import type { ClinicServices } from '../../application/clinic-services.js';
import { type ClinicId, isClinicId } from '../../domain/clinic.js';
import type { StaffRole } from '../../domain/staff.js';
import { HttpError } from './http-error.js';

/**
 * Who a request acts as: the operator (API_TOKEN, or anyone on an unexposed server), or one clinic:
 * its integration (a clinic token) or one of its staff signed in to the console (`staff`).
 */
export type Access =
  | { operator: true }
  | { operator: false; clinicId: ClinicId; staff?: { staffId: string; role: StaffRole } };

/** The clinics the API serves. */
export interface ServedClinics {
  byId(id: ClinicId): Promise<ClinicServices | undefined>;
  /** The deployment's one clinic, or how many it has when that is not one. */
  only(): Promise<ClinicServices | { count: number }>;
}

export const accessOf = (ctx: Context): Access => ctx.state.access;
/** The services of the clinic a route was chosen for, by `scopedClinic` or `onlyClinic`. */
export const clinicOf = (ctx: Context): ClinicServices => ctx.state.clinic;

export const CLINIC_SCOPE = '/clinics/:clinicId';

/**
 * `/clinics/{clinicId}/…`: that clinic, for the operator or that clinic's own token. Any other
 * clinic is answered as one that does not exist, so a token tells nothing of the clinics it cannot reach.
 */
export function scopedClinic(clinics: ServedClinics): Middleware {
  return async (ctx: Context, next: Next) => {
    const id = ctx.params.clinicId ?? '';
    const access = accessOf(ctx);
    const reachable = isClinicId(id) && (access.operator || access.clinicId === id);
    const clinic = reachable ? await clinics.byId(id) : undefined;
    if (!clinic)
      throw new HttpError(404, 'CLINIC_NOT_FOUND', 'clinicId: expected the id of a clinic this token reaches');
    ctx.state.clinic = clinic;
    await next();
  };
}

/**
 * The routes without a clinic in their path serve a deployment of one clinic, as they did before
 * clinics were data; with several, which one is meant cannot be guessed.
 */
export function onlyClinic(clinics: ServedClinics, prefix: string): Middleware {
  return async (ctx: Context, next: Next) => {
    const only = await clinics.only();
    if (!('clinic' in only)) {
      const scoped = `${prefix}/clinics/{clinicId}${ctx.path.slice(prefix.length)}`;
      throw new HttpError(
        409,
        'CLINIC_REQUIRED',
        `path: this deployment serves ${only.count} clinics; expected ${ctx.method} ${scoped}`,
      );
    }
    const access = accessOf(ctx);
    if (!access.operator && access.clinicId !== only.clinic.id)
      throw new HttpError(404, 'CLINIC_NOT_FOUND', 'clinicId: expected the id of a clinic this token reaches');
    ctx.state.clinic = only;
    await next();
  };
}

/** The operator's routes: clinics and their tokens. */
export async function operatorOnly(ctx: Context, next: Next): Promise<void> {
  if (!accessOf(ctx).operator)
    throw new HttpError(403, 'OPERATOR_ONLY', "Authorization: expected the operator's token (API_TOKEN)");
  await next();
}
