import type { Appointment } from '../domain/appointment.js';
import { domainError } from '../domain/domain-error.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Slot } from '../domain/slot.js';
import type { BookingStore } from '../ports/booking-store.js';

export interface LoadedBooking {
  appointment: Appointment;
  slot: Slot;
}

export async function loadBooking(store: BookingStore, appointmentId: string): Promise<Result<LoadedBooking>> {
  const appointment = await store.appointment(appointmentId);
  if (!appointment) return fail(domainError('APPOINTMENT_NOT_FOUND', `appointmentId: no appointment ${appointmentId}`));
  const slot = await store.slot(appointment.slotId);
  if (!slot) throw new Error(`appointment ${appointmentId} refers to missing slot ${appointment.slotId}`);
  return ok({ appointment, slot });
}
