import type { AppointmentView } from '../../../application/tool-results.js';
import { addDays } from '../../../domain/zoned-time.js';
import type { ClinicNow } from '../reading/moment-reader.js';
import type { Moment } from '../reading/reading.js';
import type { Offer, SearchArgs } from './dialogue-state.js';

/**
 * A patient's day and time preference as it builds up over a conversation, and the
 * list_available_slots search it asks for.
 */

export interface Search {
  search: SearchArgs;
  /** The patient chose that time (rather than it being the time of the appointment to move). */
  timeAsked: boolean;
}

export function momentOf(reading: Moment): Moment {
  const { date, dateRange, time, partOfDay } = reading;
  return {
    ...(date ? { date } : {}),
    ...(dateRange ? { dateRange } : {}),
    ...(time ? { time } : {}),
    ...(partOfDay ? { partOfDay } : {}),
  };
}

/** A preference refined: a new day keeps the time asked for before, a new time keeps the day. */
export function refined(earlier: Moment, later: Moment): Moment {
  const day =
    later.date || later.dateRange
      ? momentOf({ date: later.date, dateRange: later.dateRange })
      : momentOf({ date: earlier.date, dateRange: earlier.dateRange });
  const time =
    later.time || later.partOfDay
      ? momentOf({ time: later.time, partOfDay: later.partOfDay })
      : momentOf({ time: earlier.time, partOfDay: earlier.partOfDay });
  return { ...day, ...time };
}

/** The search a preference asks for, or undefined while it names no day. */
export function searchFor(moment: Moment, timeAsked = moment.time !== undefined): Search | undefined {
  const date = moment.date ?? moment.dateRange?.from;
  if (!date) return undefined;
  const search: SearchArgs = { date, ...(!moment.date && moment.dateRange ? { endDate: moment.dateRange.to } : {}) };
  if (moment.time) return { search: { ...search, time: moment.time }, timeAsked };
  return { search: moment.partOfDay ? { ...search, partOfDay: moment.partOfDay } : search, timeAsked: false };
}

/** What the previous search asked for, as a preference to refine: a time only if the patient chose it. */
export function preferenceOf(offer: Offer): Moment {
  const { search, timeAsked } = offer;
  return momentOf({
    ...(search.endDate ? { dateRange: { from: search.date, to: search.endDate } } : { date: search.date }),
    ...(search.time && timeAsked ? { time: search.time } : {}),
    ...(search.partOfDay ? { partOfDay: search.partOfDay } : {}),
  });
}

/**
 * Where to look for an appointment's new time: the day asked for (the same day if only a time was
 * given), at the time asked for, else at the appointment's own time, which suits most patients.
 */
export function moveSearch(target: Moment, appointment: AppointmentView): Search {
  const withDay = target.date || target.dateRange ? target : { ...target, date: appointment.date };
  if (target.time || target.partOfDay) return searchFor(withDay)!;
  return searchFor({ ...withDay, time: appointment.time }, false)!;
}

/** Availability with no day named: the coming week. */
export function soonest(moment: Moment, at: ClinicNow): Search {
  return searchFor({ ...moment, dateRange: { from: at.today, to: addDays(at.today, 6) } })!;
}

/** "An hour later": the appointment's own day unless another was named, its time moved by the amount. */
export function shifted(appointment: AppointmentView, target: Moment, minutes: number): Moment {
  const [hours, mins] = appointment.time.split(':').map(Number) as [number, number];
  const at = Math.min(Math.max(hours * 60 + mins + minutes, 0), 23 * 60 + 59);
  const time = `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`;
  const day =
    target.date || target.dateRange
      ? momentOf({ date: target.date, dateRange: target.dateRange })
      : { date: appointment.date };
  return { ...day, time };
}
