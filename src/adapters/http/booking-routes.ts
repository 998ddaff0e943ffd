import { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { SlotQuery, TimeSpan } from '../../application/list-slots.js';
import type { Result } from '../../domain/result.js';
import { CALENDAR_DATE_EXPECTED, formatInZone, isCalendarDate } from '../../domain/zoned-time.js';
import { clinicOf } from './clinic-access.js';
import { fromDomainError, HttpError } from './http-error.js';
import {
  AppointmentPath,
  AppointmentsQuery,
  CancelRequest,
  ConfirmRequest,
  decodeRequest,
  HoldRequest,
  NoQuery,
  RescheduleRequest,
  SlotsQuery,
} from './request-codecs.js';
import { slotListingBody } from './slot-listing-body.js';
import { bookedViaOf } from './staff-roles.js';
import { appointmentJson, namedJson, slotJson } from './views.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_RANGE_DAYS = 31;
const DAY = 86_400_000;

export function successOf<T>(result: Result<T>): T {
  if (!result.ok) throw fromDomainError(result.error);
  return result.value;
}

export function instant(field: 'from' | 'to', value: string): number {
  const parsed = ISO_WITH_OFFSET.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      `${field}: expected an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00-05:00`,
    );
  }
  return parsed;
}

function slotQuery(query: unknown): SlotQuery {
  const { date, from, to, status, providerId } = decodeRequest(SlotsQuery, query, 'query');
  return { ...timeSpan(date, from, to), onlyAvailable: status === 'available', ...(providerId ? { providerId } : {}) };
}

/** A clinic-local day (`date`), or `from` and `to`, at most 31 days apart: as a list of slots or appointments asks. */
export function timeSpan(date?: string, from?: string, to?: string): TimeSpan {
  if (date !== undefined) {
    if (from !== undefined || to !== undefined)
      throw new HttpError(400, 'INVALID_REQUEST', 'date: expected either date, or from and to, not both');
    if (!isCalendarDate(date)) throw new HttpError(400, 'INVALID_REQUEST', `date: expected ${CALENDAR_DATE_EXPECTED}`);
    return { day: date };
  }
  if (from === undefined || to === undefined) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      `${from === undefined ? 'from' : 'to'}: expected date=YYYY-MM-DD, or both from and to`,
    );
  }
  const [start, end] = [instant('from', from), instant('to', to)];
  if (end <= start || end - start > MAX_RANGE_DAYS * DAY) {
    throw new HttpError(
      400,
      'INVALID_REQUEST',
      `to: expected a time after from and at most ${MAX_RANGE_DAYS} days after it`,
    );
  }
  return { from: start, to: end };
}

/** Ways of asking for slots remembered at once: far more than the days and providers a clinic's clients ask about. */
const MOST_SLOT_QUERIES = 1_000;

/**
 * A listing is asked for the same few ways again and again (a day, a provider's day), and what a
 * query string asks does not change: each is decoded once and remembered, within a bound. One that
 * does not decode is refused each time it comes.
 */
function slotQueries(): (ctx: Context) => SlotQuery {
  const decoded = new Map<string, SlotQuery>();
  return (ctx) => {
    const text = ctx.querystring;
    let query = decoded.get(text);
    if (!query) {
      query = Object.freeze(slotQuery(ctx.query));
      if (decoded.size >= MOST_SLOT_QUERIES) decoded.clear();
      decoded.set(text, query);
    }
    return query;
  };
}

/** `select` picks the clinic each route serves, before the route runs. */
export function bookingRoutes(select: Middleware): Router {
  const router = new Router();
  const slotQueryOf = slotQueries();

  router.get('/slots', select, async (ctx) => {
    const {
      useCases,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const slots = await useCases.listSlots.execute(slotQueryOf(ctx));
    // Set before the body, or Koa types bytes application/octet-stream; written out, as Koa's typing looks it up each time.
    ctx.set('Content-Type', 'application/json; charset=utf-8');
    ctx.body = slotListingBody(slots, timeZone);
  });

  // For staff: the slots patients hold or booked at hours the clinic's schedule no longer has.
  router.get('/slots/to-move', select, async (ctx) => {
    const {
      schedule,
      clinic: { timeZone },
    } = clinicOf(ctx);
    decodeRequest(NoQuery, ctx.query, 'query');
    ctx.body = {
      slots: (await schedule.toMove()).map((slot) => ({
        ...slotJson(slot, timeZone),
        ...(slot.patient ? { phoneNumber: slot.patient } : {}),
        ...(slot.appointmentId ? { appointmentId: slot.appointmentId } : {}),
      })),
    };
  });

  router.post('/slots/hold', select, async (ctx) => {
    const {
      useCases,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const { slotId, phoneNumber: patient } = decodeRequest(HoldRequest, ctx.request.body, 'body');
    const slot = successOf(await useCases.holdSlot.execute(slotId, patient));
    ctx.status = 201;
    ctx.body = { slotId: slot.slotId, phoneNumber: patient, expiresAt: formatInZone(slot.holdExpiresAt!, timeZone) };
  });

  router.post('/appointments/confirm', select, async (ctx) => {
    const {
      useCases,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const { slotId, phoneNumber: patient } = decodeRequest(ConfirmRequest, ctx.request.body, 'body');
    const appointment = successOf(await useCases.confirmAppointment.execute(slotId, patient, bookedViaOf(ctx)));
    ctx.status = 201;
    ctx.body = appointmentJson(appointment, timeZone);
  });

  router.get('/appointments', select, async (ctx) => {
    const {
      useCases,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const { phoneNumber: patient, date, from, to, providerId } = decodeRequest(AppointmentsQuery, ctx.query, 'query');
    if (patient && (date ?? from ?? to ?? providerId) !== undefined)
      throw new HttpError(
        400,
        'INVALID_REQUEST',
        'phoneNumber: expected either phoneNumber, or date or from and to, not both',
      );
    if (!patient && (date ?? from ?? to) === undefined)
      throw new HttpError(
        400,
        'INVALID_REQUEST',
        "phoneNumber: expected a patient's phoneNumber, or date=YYYY-MM-DD, or from and to",
      );
    const appointments = patient
      ? await useCases.listAppointments.execute(patient)
      : await useCases.listAppointments.during(timeSpan(date, from, to), providerId);
    const names = await clinicOf(ctx).names.namesOf(appointments.map((appointment) => appointment.patient));
    ctx.body = {
      appointments: appointments.map((appointment) => ({
        ...appointmentJson(appointment, timeZone),
        ...namedJson(names.get(appointment.patient)),
      })),
    };
  });

  router.post('/appointments/:id/cancel', select, async (ctx) => {
    const {
      useCases,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const { id } = decodeRequest(AppointmentPath, { id: ctx.params.id }, 'path');
    const { phoneNumber: patient } = decodeRequest(CancelRequest, ctx.request.body, 'body');
    const appointment = successOf(await useCases.cancelAppointment.execute(id, patient));
    ctx.body = appointmentJson(appointment, timeZone);
  });

  router.post('/appointments/:id/reschedule', select, async (ctx) => {
    const {
      useCases,
      clinic: { timeZone },
    } = clinicOf(ctx);
    const { id } = decodeRequest(AppointmentPath, { id: ctx.params.id }, 'path');
    const { phoneNumber: patient, newSlotId } = decodeRequest(RescheduleRequest, ctx.request.body, 'body');
    const appointment = successOf(await useCases.rescheduleAppointment.execute(id, patient, newSlotId));
    ctx.body = appointmentJson(appointment, timeZone);
  });

  return router;
}
