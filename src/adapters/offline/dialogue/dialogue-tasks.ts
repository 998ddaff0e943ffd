import { TOOL_NAMES } from '../../../application/tool-catalog.js';
import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import type { ToolCall } from '../../../ports/language-model.js';
import { hasMoment, type Moment } from '../reading/reading.js';
import type { Awaiting, Purpose, SearchArgs } from './dialogue-state.js';
import { wording } from './reply-wording.js';
import { moveSearch, shifted } from './search-preferences.js';
import { matchingAppointments } from './slot-choice.js';

export type ReplyKind =
  | 'menu'
  | 'welcome'
  | 'not-understood'
  | 'nothing-to-confirm'
  | 'anything-else'
  | 'ask-day'
  | 'offer'
  | 'no-slots'
  | 'ask-which-slot'
  | 'holding'
  | 'held-again'
  | 'booked'
  | 'confirm-move'
  | 'moved'
  | 'confirm-cancel'
  | 'cancelled'
  | 'kept'
  | 'released'
  | 'choose-appointment'
  | 'appointments'
  | 'no-appointments'
  | 'handed-off'
  | 'problem';

/** An answer in words, and the question it leaves open for the patient's next message. */
export interface Reply {
  kind: ReplyKind;
  text: string;
  awaiting?: Awaiting;
}

/** The next thing the receptionist does: call one tool, or answer the patient. */
export type Move = { call: ToolCall } | { reply: Reply };

/** What the patient's latest message asks the receptionist to get done. */
export type Task =
  | { kind: 'search'; search: SearchArgs; timeAsked: boolean; purpose: Purpose }
  | { kind: 'hold'; slot: SlotView; purpose: Purpose }
  | { kind: 'confirm'; slot: SlotView; purpose: Purpose }
  | { kind: 'cancel'; appointment: AppointmentView }
  | {
      kind: 'find';
      action: 'cancel' | 'move' | 'list';
      reference: Moment;
      target: Moment;
      provider?: string;
      shiftMinutes?: number;
    }
  | { kind: 'hand-off'; reason: string }
  | { kind: 'say'; reply: Reply };

export const call = (name: string, args: Record<string, unknown> = {}): Move => ({ call: { name, args } });
export const answer = (kind: ReplyKind, text: string, awaiting?: Awaiting): Move => ({
  reply: { kind, text, ...(awaiting ? { awaiting } : {}) },
});
export const say = (kind: ReplyKind, text: string, awaiting?: Awaiting): Task => ({
  kind: 'say',
  reply: { kind, text, ...(awaiting ? { awaiting } : {}) },
});
/** A result that is neither the expected answer nor an error this policy knows how to get round. */
export const problem = (failure?: ToolError): Move => answer('problem', wording.problem(failure));

/** The one appointment a reference names among the patient's, or all of them when there is no reference. */
export function chosenAppointment(reference: Moment, appointments: AppointmentView[]): AppointmentView | undefined {
  const matches = hasMoment(reference) ? matchingAppointments(appointments, reference) : appointments;
  return matches.length === 1 ? matches[0] : undefined;
}

type Find = Extract<Task, { kind: 'find' }>;

/** For a move, once the patient's appointments are listed: which one, and where to. */
export function moveOf(
  task: Find,
  appointments: AppointmentView[],
): { appointment: AppointmentView; target: Moment } | undefined {
  const chosen = chosenAppointment(task.reference, appointments);
  if (chosen)
    return {
      appointment: chosen,
      target: task.shiftMinutes ? shifted(chosen, task.target, task.shiftMinutes) : task.target,
    };
  // "reschedule, something next week": the day named is not the day of their only appointment, so it is where to.
  if (
    appointments.length === 1 &&
    !hasMoment(task.target) &&
    matchingAppointments(appointments, task.reference).length === 0
  ) {
    return { appointment: appointments[0]!, target: task.reference };
  }
  return undefined;
}

/** Finding a new time for an appointment, or asking for a day first when none was named. */
export function moveTo(appointment: AppointmentView, target: Moment, provider?: string): Task {
  const purpose: Purpose = { kind: 'move', appointment, ...(provider ? { provider } : {}) };
  if (!hasMoment(target))
    return say('ask-day', wording.askNewDay(appointment), { kind: 'day', purpose, preference: {} });
  return { kind: 'search', ...moveSearch(target, appointment), purpose };
}

/** The first step towards a task. */
export function start(task: Task): Move {
  switch (task.kind) {
    case 'search':
      return call(TOOL_NAMES.listAvailableSlots, { ...task.search });
    case 'hold':
      return call(TOOL_NAMES.holdSlot, { slotId: task.slot.slotId });
    case 'confirm':
      return task.purpose.kind === 'move'
        ? call(TOOL_NAMES.rescheduleAppointment, {
            appointmentId: task.purpose.appointment.appointmentId,
            newSlotId: task.slot.slotId,
          })
        : call(TOOL_NAMES.confirmAppointment, { slotId: task.slot.slotId });
    case 'cancel':
      return call(TOOL_NAMES.cancelAppointment, { appointmentId: task.appointment.appointmentId });
    case 'find':
      return call(TOOL_NAMES.listMyAppointments);
    case 'hand-off':
      return call(TOOL_NAMES.handOffToStaff, { reason: task.reason });
    case 'say':
      return { reply: task.reply };
  }
}
