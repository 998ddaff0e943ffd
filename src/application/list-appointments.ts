import type { Appointment } from '../domain/appointment.js';
import type { Clinic } from '../domain/clinic.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { BookingStore } from '../ports/booking-store.js';
import { instantsOf, type TimeSpan } from './list-slots.js';

export class ListAppointments {
  constructor(
    private readonly store: BookingStore,
    private readonly clinic: Clinic,
  ) {}

  /** Only ever the asking patient's own appointments. */
  execute(patient: PhoneNumber): Promise<Appointment[]> {
    return this.store.appointmentsOf(patient);
  }

  /**
   * For the front desk: every patient's appointments starting in the span, booked and cancelled, in
   * time order; only that provider's when one is named.
   */
  async during(span: TimeSpan, providerId?: string): Promise<Appointment[]> {
    const [from, to] = instantsOf(span, this.clinic.timeZone);
    const appointments = await this.store.appointmentsBetween(from, to);
    return providerId === undefined ? appointments : appointments.filter((a) => a.providerId === providerId);
  }
}
