import type { Clinic } from '../domain/clinic.js';
import type { NotificationPolicy } from '../domain/notification-policy.js';
import type { PatientLimits } from '../domain/patient-limits.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Metrics } from '../ports/metrics.js';
import { CancelAppointment } from './cancel-appointment.js';
import { ConfirmAppointment } from './confirm-appointment.js';
import { HoldSlot } from './hold-slot.js';
import { ListAppointments } from './list-appointments.js';
import { ListSlots } from './list-slots.js';
import type { PatientWording } from './patient-languages.js';
import { RescheduleAppointment } from './reschedule-appointment.js';

/** What every channel (REST, text, voice) may do with the schedule. */
export class BookingUseCases {
  readonly listSlots: ListSlots;
  readonly holdSlot: HoldSlot;
  readonly confirmAppointment: ConfirmAppointment;
  readonly listAppointments: ListAppointments;
  readonly cancelAppointment: CancelAppointment;
  readonly rescheduleAppointment: RescheduleAppointment;

  constructor(
    store: BookingStore,
    clock: Clock,
    ids: IdGenerator,
    clinic: Clinic,
    notificationPolicy: NotificationPolicy,
    limits: PatientLimits,
    metrics: Metrics,
    wording: PatientWording,
  ) {
    this.listSlots = new ListSlots(store, clock, clinic);
    this.holdSlot = new HoldSlot(store, clock, clinic, limits, metrics);
    this.confirmAppointment = new ConfirmAppointment(
      store,
      clock,
      ids,
      clinic,
      notificationPolicy,
      limits,
      metrics,
      wording,
    );
    this.listAppointments = new ListAppointments(store, clinic);
    this.cancelAppointment = new CancelAppointment(store, clock, ids, clinic, notificationPolicy, metrics, wording);
    this.rescheduleAppointment = new RescheduleAppointment(
      store,
      clock,
      ids,
      clinic,
      notificationPolicy,
      metrics,
      wording,
    );
  }
}
