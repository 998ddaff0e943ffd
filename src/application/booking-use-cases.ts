import type { Clinic } from '../domain/clinic.js';
import type { NotificationPolicy } from '../domain/notification-policy.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import { CancelAppointment } from './cancel-appointment.js';
import { ConfirmAppointment } from './confirm-appointment.js';
import { HoldSlot } from './hold-slot.js';
import { ListAppointments } from './list-appointments.js';
import { ListSlots } from './list-slots.js';
import { RescheduleAppointment } from './reschedule-appointment.js';

/** What every channel (REST, text, voice) may do with the schedule. */
export interface BookingUseCases {
  listSlots: ListSlots;
  holdSlot: HoldSlot;
  confirmAppointment: ConfirmAppointment;
  listAppointments: ListAppointments;
  cancelAppointment: CancelAppointment;
  rescheduleAppointment: RescheduleAppointment;
}

export function createBookingUseCases(
  store: BookingStore,
  clock: Clock,
  ids: IdGenerator,
  clinic: Clinic,
  notificationPolicy: NotificationPolicy,
): BookingUseCases {
  return {
    listSlots: new ListSlots(store, clock, clinic),
    holdSlot: new HoldSlot(store, clock, clinic),
    confirmAppointment: new ConfirmAppointment(store, clock, ids, clinic, notificationPolicy),
    listAppointments: new ListAppointments(store),
    cancelAppointment: new CancelAppointment(store, clock, ids, clinic, notificationPolicy),
    rescheduleAppointment: new RescheduleAppointment(store, clock, ids, clinic, notificationPolicy),
  };
}
