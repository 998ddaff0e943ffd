import { BOOKING_CHANNELS, type BookingChannel } from '../domain/booking-channel.js';
import type { Clinic } from '../domain/clinic.js';
import { addDays, fromLocal, toLocal } from '../domain/zoned-time.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { StaffCallbacks } from '../ports/staff-callbacks.js';

/** The longest span one request may count: a quarter, so a chart's read stays bounded. */
export const MAX_ACTIVITY_DAYS = 92;

/** One clinic-local day of a clinic's activity. */
export interface ActivityDay {
  date: string;
  /** Appointments made that day, by where they were booked. */
  bookings: Record<BookingChannel, number>;
  /** Appointments cancelled that day, whenever they were for. */
  cancellations: number;
  /** Times a patient was handed off to staff for a call back that day. */
  handoffs: number;
}

const noBookings = (): Record<BookingChannel, number> =>
  Object.fromEntries(BOOKING_CHANNELS.map((channel) => [channel, 0])) as Record<BookingChannel, number>;

/** The clinic-local days from `from` to `to`, both included. */
function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * What a clinic's manager charts: per clinic-local day, the bookings made by channel, the
 * cancellations and the hand-offs to staff.
 *
 * The store lists appointments by start, not by when they were made or cancelled, and no index is
 * added for this: every appointment booked, moved or cancelled at or after the first day's midnight
 * starts after that midnight (a slot is booked, moved to or cancelled only before it starts), so the
 * appointments starting from then on hold every one counted, and only those are read. That read
 * grows with how far back the span starts, up to the end of what is booked, never with the clinic's
 * whole history. A cancellation is dated by its last change: nothing changes a cancelled appointment.
 * Appointments booked before bookings recorded their channel are counted in no channel.
 *
 * Hand-offs are every time the receptionist handed a patient to staff, on any channel, on the day it
 * happened: those resolved since are counted, and a patient asking again while a request is open
 * counts again. The stores keep them HANDOFFS_KEPT_DAYS, so a span further back counts fewer.
 */
export class ClinicActivity {
  constructor(
    private readonly store: BookingStore,
    private readonly callbacks: StaffCallbacks,
    private readonly clinic: Clinic,
  ) {}

  /** `from` and `to`: clinic-local days, `from` first, at most MAX_ACTIVITY_DAYS of them, as the edge checked. */
  async execute(from: string, to: string): Promise<ActivityDay[]> {
    const zone = this.clinic.timeZone;
    const start = fromLocal(from, '00:00', zone);
    const end = fromLocal(addDays(to, 1), '00:00', zone);
    const days = daysFrom(from, to).map(
      (date): ActivityDay => ({ date, bookings: noBookings(), cancellations: 0, handoffs: 0 }),
    );
    const byDate = new Map(days.map((day) => [day.date, day]));
    const dayOf = (instant: number) =>
      instant >= start && instant < end ? byDate.get(toLocal(instant, zone).date) : undefined;

    const [appointments, handoffs] = await Promise.all([
      this.store.appointmentsBetween(start, Number.MAX_SAFE_INTEGER),
      this.callbacks.handoffsBetween(start, end),
    ]);
    for (const appointment of appointments) {
      const made = dayOf(appointment.createdAt);
      if (made && appointment.channel) made.bookings[appointment.channel]++;
      const cancelled = appointment.status === 'CANCELLED' ? dayOf(appointment.updatedAt) : undefined;
      if (cancelled) cancelled.cancellations++;
    }
    for (const handoff of handoffs) {
      const handedOff = dayOf(handoff.at);
      if (handedOff) handedOff.handoffs++;
    }
    return days;
  }
}
