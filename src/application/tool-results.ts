import type { AppointmentStatus } from '../domain/appointment.js';
import type { DomainErrorCode } from '../domain/domain-error.js';
import type { TOOL_NAMES } from './tool-catalog.js';

/**
 * What each tool sends back to the model, text and voice alike. These are the JSON a model reads,
 * field for field, so they are type aliases rather than interfaces: they must fit the port's plain
 * JSON object (`ToolResult.response`).
 */

/** A clinic-local day, weekday and time: what a receptionist reads out. */
export type LocalTimes = { date: string; weekday: string; time: string };

/** A slot as the tools describe it. */
export type SlotView = { slotId: string } & LocalTimes & { provider?: string };

/** An appointment as the tools describe it: the slot it holds, with its id and status. */
export type AppointmentView = { appointmentId: string; status: AppointmentStatus } & SlotView;

/** list_available_slots: the slots in the order the tool ranked them. */
export type AvailableSlots = {
  slots: SlotView[];
  /** Only when a time was asked for: whether that very time is among the free slots. */
  requestedTimeFree?: boolean;
  /** How many more slots matched than are listed. */
  more?: number;
};

/** hold_slot. It names no provider: the offer the slot came from does. */
type HeldSlot = { held: true } & LocalTimes & { slotId: string; heldUntil: string };

/** confirm_appointment, cancel_appointment and reschedule_appointment: the appointment as it now is. */
export type AppointmentChange = { appointment: AppointmentView };

/** list_my_appointments: the patient's upcoming booked appointments. */
export type MyAppointments = { appointments: AppointmentView[] };

type HandedOff = { handedOff: true; message: string };

/** remember_patient_name: the name as kept, which is how the patient is now greeted. */
export type NameRemembered = { remembered: true; name: string };

/** end_call: the line is put down once the goodbye has played. */
export type CallEnding = { ending: true };

/** transfer_to_front_desk: the caller is put through once they have heard they will be. */
type Transferring = { transferring: true };

/** A map with an answer for every tool of the catalog: a tool added without one does not compile. */
type EveryTool<Answers extends Record<(typeof TOOL_NAMES)[keyof typeof TOOL_NAMES], object>> = Answers;

/** Each tool's answer when it has done what it was asked. */
type ToolAnswers = EveryTool<{
  [TOOL_NAMES.listAvailableSlots]: AvailableSlots;
  [TOOL_NAMES.holdSlot]: HeldSlot;
  [TOOL_NAMES.confirmAppointment]: AppointmentChange;
  [TOOL_NAMES.listMyAppointments]: MyAppointments;
  [TOOL_NAMES.cancelAppointment]: AppointmentChange;
  [TOOL_NAMES.rescheduleAppointment]: AppointmentChange;
  [TOOL_NAMES.handOffToStaff]: HandedOff;
  [TOOL_NAMES.rememberPatientName]: NameRemembered;
  [TOOL_NAMES.endCall]: CallEnding;
  [TOOL_NAMES.transferToFrontDesk]: Transferring;
}>;

type ToolName = keyof ToolAnswers;

/**
 * Why a tool did not do what it was asked, in one family of codes: the clinic's rules (the domain's
 * own codes), or the tool call itself (a bad argument, an unknown tool, a booking the patient has not
 * agreed to yet, a front desk that is closed, a call the model withdrew before anything changed, a
 * failure nobody expected, more calls in one turn than a turn may make).
 */
export type ToolErrorCode =
  | DomainErrorCode
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_TOOL'
  | 'CONFIRMATION_REQUIRED'
  | 'FRONT_DESK_CLOSED'
  | 'CANCELLED'
  | 'UNAVAILABLE'
  | 'TOO_MANY_TOOL_CALLS';

export type ToolError = { code: ToolErrorCode; message: string };

/** A failure is a result like any other: the model reads the message and tells the patient. */
export type ToolFailure = { error: ToolError };

export const toolFailure = (code: ToolErrorCode, message: string): ToolFailure => ({ error: { code, message } });

/** What one tool (by default, any tool) sends back: its answer, or why it failed. */
export type ToolResponse<Name extends ToolName = ToolName> = ToolAnswers[Name] | ToolFailure;

/** The answer to each tool call past `MAX_TOOL_CALLS_PER_TURN` in one turn: it was not run. */
export const tooManyToolCalls = (max: number): ToolFailure =>
  toolFailure(
    'TOO_MANY_TOOL_CALLS',
    `not run: at most ${max} tool calls are run in one turn. Answer the patient with what the others returned, or ask what matters most to them.`,
  );
