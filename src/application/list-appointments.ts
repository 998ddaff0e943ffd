import type { Appointment } from '../domain/appointment.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { BookingStore } from '../ports/booking-store.js';

export class ListAppointments {
  constructor(private readonly store: BookingStore) {}

  /** Only ever the asking patient's own appointments. */
  execute(patient: PhoneNumber): Promise<Appointment[]> {
    return this.store.appointmentsOf(patient);
  }
}
