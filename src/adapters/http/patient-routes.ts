import { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { formatInZone } from '../../domain/zoned-time.js';
import { clinicOf } from './clinic-access.js';
import { decodeRequest, NoQuery, PatientNameRequest, PatientPath } from './request-codecs.js';
import { appointmentJson, namedJson } from './views.js';

/** For the front desk: one patient's page, and what they are called, with the clinic's own credentials only. */
export function patientRoutes(select: Middleware): Router {
  const router = new Router();
  router.get('/patients/:phoneNumber', select, async (ctx) => {
    const { phoneNumber: patient } = decodeRequest(PatientPath, { phoneNumber: ctx.params.phoneNumber }, 'path');
    decodeRequest(NoQuery, ctx.query, 'query');
    const {
      patientRecord,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const [file, name] = await Promise.all([patientRecord.execute(patient), clinicOf(ctx).names.nameOf(patient)]);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      phoneNumber: file.patient,
      ...namedJson(name),
      appointments: file.appointments.map((appointment) => appointmentJson(appointment, timeZone)),
      conversation: file.conversation.map(({ role, text, at }) => ({ role, text, at: formatInZone(at, timeZone) })),
      optedOut: file.optedOut,
    };
  });

  // A name is the clinic's note of what to call the patient, so staff may write one for any number of theirs.
  router.put('/patients/:phoneNumber/name', select, async (ctx) => {
    const { phoneNumber: patient } = decodeRequest(PatientPath, { phoneNumber: ctx.params.phoneNumber }, 'path');
    const { name } = decodeRequest(PatientNameRequest, ctx.request.body, 'body');
    await clinicOf(ctx).names.rename(patient, name);
    ctx.body = { phoneNumber: patient, patientName: name };
  });
  return router;
}
