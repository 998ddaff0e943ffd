import { Router } from '@koa/router';
import type { Middleware } from 'koa';
import { formatInZone } from '../../domain/zoned-time.js';
import { clinicOf } from './clinic-access.js';
import { decodeRequest, NoQuery, PatientPath } from './request-codecs.js';
import { appointmentJson } from './views.js';

/** For the front desk: one patient's page, with the clinic's own credentials only. */
export function patientRoutes(select: Middleware): Router {
  const router = new Router();
  router.get('/patients/:phoneNumber', select, async (ctx) => {
    const { phoneNumber: patient } = decodeRequest(PatientPath, { phoneNumber: ctx.params.phoneNumber }, 'path');
    decodeRequest(NoQuery, ctx.query, 'query');
    const {
      patientRecord,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const file = await patientRecord.execute(patient);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      phoneNumber: file.patient,
      appointments: file.appointments.map((appointment) => appointmentJson(appointment, timeZone)),
      conversation: file.conversation.map(({ role, text, at }) => ({ role, text, at: formatInZone(at, timeZone) })),
      optedOut: file.optedOut,
    };
  });
  return router;
}
