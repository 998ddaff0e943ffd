import { TOOL_NAMES } from '../../../application/tool-catalog.js';
import type { SlotView, ToolError } from '../../../application/tool-results.js';
import { addDays } from '../../../domain/zoned-time.js';
import { hasMoment } from '../reading/reading.js';
import type { Awaiting, Memory, Purpose, SearchArgs, Step } from './dialogue-state.js';
import {
  answer,
  call,
  chosenAppointment,
  type Move,
  moveOf,
  moveTo,
  problem,
  start,
  type Task,
} from './dialogue-tasks.js';
import { wording } from './reply-wording.js';
import { momentOf } from './search-preferences.js';
import { displayedSlots, matchingAppointments, shownSlots, usableSlots } from './slot-choice.js';
import { appointmentOf, appointmentsOf, failureOf, heldSlotOf, slotsOf } from './tool-results.js';

/**
 * How a task goes on once tool results are in: what each result teaches (the latest offer) and
 * which call or reply comes next. Errors the patient can get round are got round (an expired hold
 * is taken again, a taken time gives the nearest free ones); the rest are explained.
 */

function searchArgsOf(args: Record<string, unknown>): SearchArgs | undefined {
  if (typeof args.date !== 'string') return undefined;
  const search: SearchArgs = { date: args.date };
  if (typeof args.endDate === 'string') search.endDate = args.endDate;
  if (args.partOfDay === 'morning' || args.partOfDay === 'afternoon' || args.partOfDay === 'evening')
    search.partOfDay = args.partOfDay;
  if (typeof args.time === 'string') search.time = args.time;
  return search;
}

const stepsNamed = (steps: Step[], name: string) => steps.filter((step) => step.call.name === name);

/** Why the task's searches and holds happen: for a new booking, or to move the appointment it found. */
function purposeOf(task: Task, steps: Step[]): { purpose: Purpose; timeAsked: boolean } {
  switch (task.kind) {
    case 'search':
      return { purpose: task.purpose, timeAsked: task.timeAsked };
    case 'hold':
    case 'confirm':
      return { purpose: task.purpose, timeAsked: true };
    case 'find': {
      const listed = stepsNamed(steps, TOOL_NAMES.listMyAppointments)[0];
      const move = listed && moveOf(task, appointmentsOf(listed.response) ?? []);
      if (move)
        return {
          purpose: {
            kind: 'move',
            appointment: move.appointment,
            ...(task.provider ? { provider: task.provider } : {}),
          },
          timeAsked: move.target.time !== undefined,
        };
      return { purpose: { kind: 'book' }, timeAsked: false };
    }
    default:
      return { purpose: { kind: 'book' }, timeAsked: false };
  }
}

/** What one more tool result adds to the memory: the latest offer, gone once a booking or move is done. */
export function absorb(memory: Memory, task: Task, steps: Step[]): Memory {
  const step = steps.at(-1)!;
  if (failureOf(step.response)) return memory;
  switch (step.call.name) {
    case TOOL_NAMES.listAvailableSlots: {
      const slots = slotsOf(step.response);
      const search = searchArgsOf(step.call.args ?? {});
      return slots && search ? { ...memory, offer: { search, slots, ...purposeOf(task, steps.slice(0, -1)) } } : memory;
    }
    case TOOL_NAMES.confirmAppointment:
    case TOOL_NAMES.rescheduleAppointment: {
      const { offer: _done, ...rest } = memory;
      return rest;
    }
    default:
      return memory;
  }
}

function slotNamed(slotId: string, memory: Memory, task: Task): SlotView {
  const known =
    memory.offer?.slots.find((slot) => slot.slotId === slotId) ??
    (task.kind === 'hold' || task.kind === 'confirm' ? task.slot : undefined);
  return known?.slotId === slotId
    ? known
    : { slotId, date: slotId.slice(0, 10), weekday: '', time: `${slotId.slice(11, 13)}:${slotId.slice(13, 15)}` };
}

function afterAppointments(task: Task, step: Step, failure?: ToolError): Move {
  if (failure || task.kind !== 'find') return problem(failure);
  const appointments = appointmentsOf(step.response) ?? [];
  if (appointments.length === 0) return answer('no-appointments', wording.noAppointments());
  if (task.action === 'list') return answer('appointments', wording.appointments(appointments));
  if (task.action === 'move') {
    const move = moveOf(task, appointments);
    if (move) return start(moveTo(move.appointment, move.target, task.provider));
  }
  const chosen = chosenAppointment(task.reference, appointments);
  if (chosen && task.action === 'cancel')
    return answer('confirm-cancel', wording.confirmCancel(chosen), {
      kind: 'cancel-confirmation',
      appointment: chosen,
    });
  const matches = hasMoment(task.reference) ? matchingAppointments(appointments, task.reference) : appointments;
  const candidates = matches.length > 1 ? matches : appointments;
  return answer('choose-appointment', wording.chooseAppointment(candidates, task.action), {
    kind: 'appointment-choice',
    action: task.action,
    candidates,
    target: task.target,
  });
}

function afterSlots(steps: Step[], memory: Memory, failure?: ToolError): Move {
  const offer = memory.offer;
  if (failure || !offer) return problem(failure);
  const { search, purpose, timeAsked } = offer;
  const searches = stepsNamed(steps, TOOL_NAMES.listAvailableSlots);
  const asked = searchArgsOf(searches[0]!.call.args ?? {}) ?? search;
  const usable = usableSlots(offer);
  if (usable.length === 0) {
    // A closed or full day: look at the week after it before giving up.
    if (searches.length === 1 && !search.endDate)
      return call(TOOL_NAMES.listAvailableSlots, {
        ...search,
        date: addDays(search.date, 1),
        endDate: addDays(search.date, 7),
      });
    return answer('no-slots', wording.noSlots(asked, purpose.provider), {
      kind: 'day',
      purpose,
      preference: momentOf({ time: asked.time, partOfDay: asked.partOfDay }),
    });
  }
  const shown = displayedSlots(offer);
  const choosing: Awaiting = { kind: 'slot-choice' };
  if (searches.length > 1 && stepsNamed(steps, TOOL_NAMES.holdSlot).length === 0)
    return answer('offer', wording.offerNearby(asked, shown, purpose.provider), choosing);
  // The time of the appointment being moved is only a starting point: the nearest will do.
  if (!timeAsked && search.time) return call(TOOL_NAMES.holdSlot, { slotId: usable[0]!.slotId });
  if (search.time) {
    const exact = usable.find((slot) => slot.time === search.time);
    if (exact && !search.endDate) return call(TOOL_NAMES.holdSlot, { slotId: exact.slotId });
    if (!exact) return answer('offer', wording.offerInstead(search, shown), choosing);
  }
  return answer(
    'offer',
    wording.offer(shown, usable.length > shown.length || 'more' in searches.at(-1)!.response),
    choosing,
  );
}

function afterHold(task: Task, steps: Step[], memory: Memory, failure?: ToolError): Move {
  const step = steps.at(-1)!;
  const slotId = String(step.call.args?.slotId);
  const { purpose } = purposeOf(task, steps.slice(0, -1));
  if (failure) {
    if (task.kind === 'confirm')
      return call(TOOL_NAMES.listAvailableSlots, { date: task.slot.date, time: task.slot.time });
    const gone = slotNamed(slotId, memory, task);
    const tried = new Set(stepsNamed(steps, TOOL_NAMES.holdSlot).map((s) => String(s.call.args?.slotId)));
    const remaining = memory.offer ? usableSlots(memory.offer).filter((slot) => !tried.has(slot.slotId)) : [];
    // Another provider free at the very same time is as good as the one just taken.
    const twin = remaining.find((slot) => slot.date === gone.date && slot.time === gone.time);
    if (twin) return call(TOOL_NAMES.holdSlot, { slotId: twin.slotId });
    const others = shownSlots(remaining);
    if (others.length === 0)
      return answer('no-slots', wording.slotGone(gone), { kind: 'day', purpose, preference: {} });
    return answer('offer', wording.offerOthers(gone, others), { kind: 'slot-choice' });
  }
  const held = heldSlotOf(step.response);
  const known = slotNamed(slotId, memory, task);
  const slot: SlotView = { ...known, ...(held ?? {}), ...(known.provider ? { provider: known.provider } : {}) };
  const awaiting: Awaiting = { kind: 'hold-confirmation', slot, purpose };
  if (task.kind === 'confirm' && task.slot.slotId === slot.slotId)
    return answer('held-again', wording.heldAgain(slot), awaiting);
  if (purpose.kind === 'move') return answer('confirm-move', wording.confirmMove(purpose.appointment, slot), awaiting);
  return answer('holding', wording.holding(slot), awaiting);
}

function afterBooking(task: Task, step: Step, failure?: ToolError): Move {
  const appointment = appointmentOf(step.response);
  if (!failure && appointment) return answer('booked', wording.booked(appointment));
  if (task.kind === 'confirm' && failure) {
    if (failure.code === 'HOLD_EXPIRED' || failure.code === 'NO_VALID_HOLD')
      return call(TOOL_NAMES.holdSlot, { slotId: task.slot.slotId });
    if (failure.code === 'CONFIRMATION_REQUIRED')
      return answer('holding', wording.holding(task.slot), {
        kind: 'hold-confirmation',
        slot: task.slot,
        purpose: task.purpose,
      });
    if (failure.code === 'SLOT_UNAVAILABLE')
      return call(TOOL_NAMES.listAvailableSlots, { date: task.slot.date, time: task.slot.time });
  }
  return problem(failure);
}

function afterMove(task: Task, step: Step, failure?: ToolError): Move {
  const appointment = appointmentOf(step.response);
  if (!failure && appointment) return answer('moved', wording.moved(appointment));
  if (task.kind === 'confirm' && task.purpose.kind === 'move')
    return answer('problem', wording.moveFailed(task.purpose.appointment, failure));
  return problem(failure);
}

function afterCancel(step: Step, failure?: ToolError): Move {
  const appointment = appointmentOf(step.response);
  if (!failure && appointment) return answer('cancelled', wording.cancelled(appointment));
  return problem(failure);
}

/** The next step towards the task, given the results of the steps taken so far. */
export function advance(task: Task, steps: Step[], memory: Memory): Move {
  const last = steps.at(-1);
  if (!last) return start(task);
  const failure = failureOf(last.response);
  switch (last.call.name) {
    case TOOL_NAMES.listMyAppointments:
      return afterAppointments(task, last, failure);
    case TOOL_NAMES.listAvailableSlots:
      return afterSlots(steps, memory, failure);
    case TOOL_NAMES.holdSlot:
      return afterHold(task, steps, memory, failure);
    case TOOL_NAMES.confirmAppointment:
      return afterBooking(task, last, failure);
    case TOOL_NAMES.rescheduleAppointment:
      return afterMove(task, last, failure);
    case TOOL_NAMES.cancelAppointment:
      return afterCancel(last, failure);
    case TOOL_NAMES.handOffToStaff:
      return answer('handed-off', wording.handedOff(task.kind === 'hand-off' ? task.reason : ''));
    default:
      return problem(failure);
  }
}
