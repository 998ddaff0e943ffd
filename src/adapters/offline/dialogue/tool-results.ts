import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import type { ToolResult } from '../../../domain/conversation.js';

/**
 * The tool results the agent feeds back, read as the application types them. They arrive as plain
 * JSON, possibly from an older turn or another model's call, so each reader checks the shape and
 * answers undefined for anything else.
 */

type Json = ToolResult['response'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';

function slotView(value: unknown): SlotView | undefined {
  if (
    !isObject(value) ||
    !isString(value.slotId) ||
    !isString(value.date) ||
    !isString(value.weekday) ||
    !isString(value.time)
  )
    return undefined;
  return {
    slotId: value.slotId,
    date: value.date,
    weekday: value.weekday,
    time: value.time,
    ...(isString(value.provider) ? { provider: value.provider } : {}),
  };
}

function appointmentView(value: unknown): AppointmentView | undefined {
  const slot = slotView(value);
  if (!slot || !isObject(value) || !isString(value.appointmentId)) return undefined;
  if (value.status !== 'BOOKED' && value.status !== 'CANCELLED') return undefined;
  return { ...slot, appointmentId: value.appointmentId, status: value.status };
}

/**
 * Any result with an error is a failure. Its code may be one this model has no words for (an
 * older turn, another version's tool): it is then told as something that went wrong.
 */
export function failureOf(response: Json): ToolError | undefined {
  return isObject(response.error) ? (response.error as ToolError) : undefined;
}

/** list_available_slots: the slots in the order the tool ranked them. */
export function slotsOf(response: Json): SlotView[] | undefined {
  if (!Array.isArray(response.slots)) return undefined;
  return response.slots.map(slotView).filter((slot): slot is SlotView => slot !== undefined);
}

/** hold_slot: the slot now held (the result names no provider; the offer it came from does). */
export function heldSlotOf(response: Json): SlotView | undefined {
  return response.held === true ? slotView(response) : undefined;
}

/** confirm_appointment, reschedule_appointment, cancel_appointment. */
export function appointmentOf(response: Json): AppointmentView | undefined {
  return appointmentView(response.appointment);
}

/** list_my_appointments. */
export function appointmentsOf(response: Json): AppointmentView[] | undefined {
  if (!Array.isArray(response.appointments)) return undefined;
  return response.appointments
    .map(appointmentView)
    .filter((appointment): appointment is AppointmentView => appointment !== undefined);
}
