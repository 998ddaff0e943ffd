import { APPOINTMENT_ID_MAX_LENGTH, type Appointment } from '../domain/appointment.js';
import type { BookingChannel } from '../domain/booking-channel.js';
import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import type { ToolCall } from '../domain/conversation.js';
import type { DomainError } from '../domain/domain-error.js';
import { PATIENT_NAME_EXPECTED } from '../domain/patient-name.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Result } from '../domain/result.js';
import { SLOT_ID_MAX_LENGTH, SLOT_ID_PATTERN, type SlotId } from '../domain/slot.js';
import { callbackReason } from '../domain/staff-callback.js';
import { addDays, fromLocal, isCalendarDate, nameOf, toLocal } from '../domain/zoned-time.js';
import type { Clock } from '../ports/clock.js';
import type { StaffCallbacks } from '../ports/staff-callbacks.js';
import type { BookingUseCases } from './booking-use-cases.js';
import type { PatientNames } from './patient-names.js';
import type { StaffAlerts } from './staff-alerts.js';
import { TOOL_NAMES } from './tool-catalog.js';
import {
  type AppointmentChange,
  type AppointmentView,
  type AvailableSlots,
  type LocalTimes,
  type MyAppointments,
  type ToolFailure,
  type ToolResponse,
  toolFailure,
} from './tool-results.js';

const MAX_SLOTS_SHOWN = 8;
const MAX_RANGE_DAYS = 14;
const PARTS_OF_DAY: Record<string, [string, string]> = {
  morning: ['00:00', '12:00'],
  afternoon: ['12:00', '17:00'],
  evening: ['17:00', '24:00'],
};
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const fromDomain = (error: DomainError): ToolFailure => toolFailure(error.code, error.message);

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * Runs the tool catalog through the use cases as one patient, the channel's own number. Whatever a
 * model passes, no argument can name another patient. Every failure comes back as a readable
 * result for the model, never as an exception.
 */
export class BookingTools {
  constructor(
    private readonly useCases: BookingUseCases,
    private readonly clinic: Clinic,
    private readonly clock: Clock,
    private readonly callbacks: StaffCallbacks,
    private readonly alerts: StaffAlerts,
    private readonly names: PatientNames,
  ) {}

  /**
   * `channel` is where the patient is texting from: confirmations and reminders go back there.
   * `bookedVia` is where the conversation takes place, recorded on what it books.
   */
  async run(
    patient: PhoneNumber,
    call: ToolCall,
    channel: Channel = 'sms',
    bookedVia: BookingChannel = channel,
  ): Promise<ToolResponse> {
    const args = call.args ?? {};
    switch (call.name) {
      case TOOL_NAMES.listAvailableSlots:
        return this.listAvailable(args);
      case TOOL_NAMES.holdSlot:
        return this.withSlotId(args.slotId, 'slotId', async (slotId) => {
          const held = await this.useCases.holdSlot.execute(slotId, patient);
          if (!held.ok) return fromDomain(held.error);
          return {
            held: true,
            ...this.describeTimes(held.value.start),
            slotId,
            heldUntil: toLocal(held.value.holdExpiresAt!, this.clinic.timeZone).time,
          };
        });
      case TOOL_NAMES.confirmAppointment:
        return this.withSlotId(args.slotId, 'slotId', async (slotId) =>
          this.appointmentResult(await this.useCases.confirmAppointment.execute(slotId, patient, bookedVia, channel)),
        );
      case TOOL_NAMES.listMyAppointments:
        return this.listMine(patient);
      case TOOL_NAMES.cancelAppointment:
        return this.withAppointmentId(args.appointmentId, async (appointmentId) =>
          this.appointmentResult(await this.useCases.cancelAppointment.execute(appointmentId, patient, channel)),
        );
      case TOOL_NAMES.rescheduleAppointment:
        return this.withAppointmentId(args.appointmentId, async (appointmentId) =>
          this.withSlotId(args.newSlotId, 'newSlotId', async (newSlotId) =>
            this.appointmentResult(
              await this.useCases.rescheduleAppointment.execute(appointmentId, patient, newSlotId, channel),
            ),
          ),
        );
      case TOOL_NAMES.handOffToStaff: {
        const reason = callbackReason(args.reason);
        await this.callbacks.request(patient, reason, channel, this.clock.now());
        await this.alerts.handedOff({ patient, reason, channel, urgent: args.urgent === true });
        return {
          handedOff: true,
          message: 'Staff have the request and will call the patient back on this number during opening hours.',
        };
      }
      case TOOL_NAMES.rememberPatientName: {
        const name = await this.names.rename(patient, args.name);
        return name === undefined
          ? toolFailure('INVALID_ARGUMENT', `name: expected ${PATIENT_NAME_EXPECTED}`)
          : { remembered: true, name };
      }
      default:
        return toolFailure('UNKNOWN_TOOL', `${call.name}: no such tool`);
    }
  }

  /** Clinic-local day, weekday and time: what a receptionist reads out. */
  describeTimes(instant: number): LocalTimes {
    const local = toLocal(instant, this.clinic.timeZone);
    return { date: local.date, weekday: nameOf(instant, this.clinic.timeZone, 'weekday'), time: local.time };
  }

  private providerName(providerId: string | undefined) {
    const provider = this.clinic.providers.find((p) => p.id === providerId);
    return provider ? { provider: provider.name } : {};
  }

  private async withSlotId<Answer extends ToolResponse>(
    value: unknown,
    field: string,
    work: (slotId: SlotId) => Promise<Answer>,
  ): Promise<Answer | ToolFailure> {
    if (typeof value !== 'string' || value.length > SLOT_ID_MAX_LENGTH || !SLOT_ID_PATTERN.test(value)) {
      return toolFailure(
        'INVALID_ARGUMENT',
        `${field}: expected a slotId from list_available_slots (at most ${SLOT_ID_MAX_LENGTH} characters)`,
      );
    }
    return work(value as SlotId);
  }

  private async withAppointmentId<Answer extends ToolResponse>(
    value: unknown,
    work: (appointmentId: string) => Promise<Answer | ToolFailure>,
  ): Promise<Answer | ToolFailure> {
    if (typeof value !== 'string' || value.length > APPOINTMENT_ID_MAX_LENGTH) {
      return toolFailure(
        'INVALID_ARGUMENT',
        `appointmentId: expected an id from list_my_appointments (at most ${APPOINTMENT_ID_MAX_LENGTH} characters)`,
      );
    }
    return work(value);
  }

  private appointmentJson(appointment: Appointment): AppointmentView {
    return {
      appointmentId: appointment.appointmentId,
      slotId: appointment.slotId,
      status: appointment.status,
      ...this.describeTimes(appointment.start),
      ...this.providerName(appointment.providerId),
    };
  }

  private appointmentResult(result: Result<Appointment>): AppointmentChange | ToolFailure {
    return result.ok ? { appointment: this.appointmentJson(result.value) } : fromDomain(result.error);
  }

  private async listMine(patient: PhoneNumber): Promise<MyAppointments> {
    const now = this.clock.now();
    const upcoming = (await this.useCases.listAppointments.execute(patient)).filter(
      (a) => a.status === 'BOOKED' && a.start > now,
    );
    return { appointments: upcoming.map((appointment) => this.appointmentJson(appointment)) };
  }

  private async listAvailable(args: Record<string, unknown>): Promise<AvailableSlots | ToolFailure> {
    const { date, endDate = date, partOfDay, time } = args;
    if (typeof date !== 'string' || !isCalendarDate(date))
      return toolFailure('INVALID_ARGUMENT', 'date: expected a clinic-local day YYYY-MM-DD');
    if (
      typeof endDate !== 'string' ||
      !isCalendarDate(endDate) ||
      endDate < date ||
      endDate > addDays(date, MAX_RANGE_DAYS)
    ) {
      return toolFailure(
        'INVALID_ARGUMENT',
        `endDate: expected a day YYYY-MM-DD from date to ${MAX_RANGE_DAYS} days after it`,
      );
    }
    if (partOfDay !== undefined && (typeof partOfDay !== 'string' || !(partOfDay in PARTS_OF_DAY))) {
      return toolFailure('INVALID_ARGUMENT', 'partOfDay: expected morning, afternoon or evening');
    }
    if (time !== undefined && (typeof time !== 'string' || !TIME.test(time)))
      return toolFailure('INVALID_ARGUMENT', 'time: expected HH:MM, 24-hour');

    const zone = this.clinic.timeZone;
    const slots = await this.useCases.listSlots.execute({
      from: fromLocal(date, '00:00', zone),
      to: fromLocal(addDays(endDate, 1), '00:00', zone),
      onlyAvailable: true,
    });
    const [after, before] = partOfDay ? PARTS_OF_DAY[partOfDay]! : ['00:00', '24:00'];
    let offered = slots
      .map((slot) => ({ slot, local: toLocal(slot.start, zone) }))
      .filter(({ local }) => local.time >= after && local.time < before);
    if (typeof time === 'string') {
      const wanted = minutesOf(time);
      offered = offered.sort(
        (a, b) =>
          Math.abs(minutesOf(a.local.time) - wanted) - Math.abs(minutesOf(b.local.time) - wanted) ||
          a.slot.start - b.slot.start,
      );
    }
    const shown = offered.slice(0, MAX_SLOTS_SHOWN).map(({ slot }) => ({
      slotId: slot.slotId,
      ...this.describeTimes(slot.start),
      ...this.providerName(slot.providerId),
    }));
    return {
      slots: shown,
      ...(typeof time === 'string' ? { requestedTimeFree: offered.some(({ local }) => local.time === time) } : {}),
      ...(offered.length > shown.length ? { more: offered.length - shown.length } : {}),
    };
  }
}
