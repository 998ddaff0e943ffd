import type { CancelAppointment } from './cancel-appointment.js';
import type { ConfirmAppointment } from './confirm-appointment.js';
import type { HoldSlot } from './hold-slot.js';
import type { ListAppointments } from './list-appointments.js';
import type { ListSlots } from './list-slots.js';
import type { RescheduleAppointment } from './reschedule-appointment.js';

/** What every channel (REST, text, voice) may do with the schedule. */
export interface BookingUseCases {
  listSlots: ListSlots;
  holdSlot: HoldSlot;
  confirmAppointment: ConfirmAppointment;
  listAppointments: ListAppointments;
  cancelAppointment: CancelAppointment;
  rescheduleAppointment: RescheduleAppointment;
}
