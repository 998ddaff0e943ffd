import { TOOL_NAMES } from '../../../application/tool-catalog.js';
import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import type { ConversationTurn } from '../../../domain/conversation.js';
import { detectLanguage } from '../../../domain/language-detection.js';
import { addDays } from '../../../domain/zoned-time.js';
import type { ClinicFacts } from '../../../ports/language-model.js';
import { URGENT_REASON } from '../reading/intent-rules.js';
import { type ClinicNow, clinicNow } from '../reading/moment-reader.js';
import { hasMoment, type Moment, type Reading } from '../reading/reading.js';
import { parseUtterance } from '../reading/utterance-parser.js';
import type { ReceptionistLanguage } from '../receptionist-language.js';
import type { Awaiting, Offer, Purpose, SearchArgs } from './dialogue-state.js';
import { type Exchange, exchangesOf, type Step } from './exchanges.js';
import type { Move, Reply, ReplyKind } from './move.js';
import type { Medium, Wording } from './reply-wording.js';
import { momentOf, moveSearch, preferenceOf, refined, searchFor, shifted, soonest } from './search-preferences.js';
import {
  chosenAppointment,
  displayedSlots,
  matchingAppointments,
  pickAppointment,
  pickSlot,
  shownSlots,
  usableSlots,
} from './slot-choice.js';
import { appointmentOf, appointmentsOf, failureOf, heldSlotOf, slotsOf } from './tool-results.js';

/**
 * The offline receptionist's dialogue policy. It keeps no state of its own: every call rebuilds
 * what the conversation established from the turns (the tool results above all, since they carry
 * absolute days and ids), decides what the patient's latest message asks for in the light of the
 * question left open, and takes the next step towards it given the tool results already in.
 * Errors the patient can get round are got round (an expired hold is taken again, a taken time
 * gives the nearest free ones); the rest are explained.
 */

/**
 * Where the conversation happens: the clinic's zone, the clinic itself, whether replies are read or
 * heard, and the language asked for (ModelRequest.language).
 */
export interface Setting {
  timeZone: string;
  clinic: ClinicFacts;
  medium: Medium;
  language?: string;
}

/**
 * The receptionist's next move for these turns. Earlier exchanges are replayed to learn the
 * question each left open; their days are re-read against today, which only matters for words
 * like "tomorrow" in messages a day old, and those rarely steer the next step.
 */
export function nextMove(
  turns: readonly ConversationTurn[],
  now: number,
  setting: Setting,
  packs: readonly ReceptionistLanguage[],
): Move {
  const { timeZone, clinic, medium } = setting;
  const at = clinicNow(now, timeZone, clinic.locale);
  const exchanges = exchangesOf(turns);
  const answering = answeringLanguage(exchanges, packs, setting.language);
  const words = answering.wording(clinic, medium);
  let move: Move = { reply: reply('menu', words.menu(true)) };
  for (const exchange of exchanges) {
    const awaiting = 'reply' in move ? move.reply.awaiting : undefined;
    // Each message is read in the language it is written in: a patient may answer "ok" or "10:30" in any.
    const readIn = packNamed(packs, detectLanguage(exchange.text, packs)) ?? answering;
    const reading = parseUtterance(exchange.text, now, timeZone, readIn.reading, clinic.locale);
    move = decide(words, awaiting, reading, exchange.steps, at);
  }
  return move;
}

const packNamed = (packs: readonly ReceptionistLanguage[], code: string | undefined) =>
  packs.find((pack) => pack.code === code);

/**
 * The language to answer in: the one asked for when there is a pack for it, else the one of the
 * latest message that tells its language ("dale" or "10:30" tells none), English when none does.
 */
export function answeringLanguage(
  exchanges: Exchange[],
  packs: readonly ReceptionistLanguage[],
  language?: string,
): ReceptionistLanguage {
  const asked = packNamed(packs, language);
  if (asked) return asked;
  const told = exchanges.map((exchange) => detectLanguage(exchange.text, packs)).findLast((code) => code !== undefined);
  const answering = packNamed(packs, told) ?? packNamed(packs, 'en') ?? packs[0];
  if (!answering) throw new Error('the offline model has no language pack');
  return answering;
}

/**
 * The one place the next move is decided: from the question left open, what the patient's latest
 * message says, and the results of the calls made for it so far.
 */
function decide(
  words: Wording,
  awaiting: Awaiting | undefined,
  reading: Reading,
  results: readonly Step[],
  at: ClinicNow,
): Move {
  const task = taskFor(words, reading, awaiting, at);
  let offer = offerOn(awaiting);
  for (let taken = 1; taken <= results.length; taken++) offer = offerAfter(offer, task, results.slice(0, taken));
  const move = results.length === 0 ? start(task) : afterResult(words, task, results, offer);
  return 'reply' in move ? { reply: keepingOffer(move.reply, offer) } : move;
}

/** What the patient's latest message asks the receptionist to get done. */
type Task =
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

type Find = Extract<Task, { kind: 'find' }>;

function taskFor(words: Wording, reading: Reading, awaiting: Awaiting | undefined, at: ClinicNow): Task {
  const offer = offerOn(awaiting);
  const moment = momentOf(reading);
  const provider = reading.provider ? { provider: reading.provider } : {};
  // "yes cancel it", "ok move it": the action just asked about, said again, is a yes.
  if (!hasMoment(moment) && !reading.from) {
    if (awaiting?.kind === 'cancel-confirmation' && reading.intent === 'cancel')
      return { kind: 'cancel', appointment: awaiting.appointment };
    if (awaiting?.kind === 'hold-confirmation' && awaiting.purpose.kind === 'move' && reading.intent === 'reschedule') {
      return { kind: 'confirm', slot: awaiting.slot, purpose: awaiting.purpose };
    }
  }
  switch (reading.intent) {
    case 'human':
      return { kind: 'hand-off', reason: reading.handOffReason ?? 'patient asked for a person' };
    case 'cancel':
      return { kind: 'find', action: 'cancel', reference: moment, target: {} };
    case 'reschedule':
      return {
        kind: 'find',
        action: 'move',
        reference: reading.from ?? {},
        target: moment,
        ...provider,
        ...(reading.shiftMinutes ? { shiftMinutes: reading.shiftMinutes } : {}),
      };
    case 'my_appointments':
      return { kind: 'find', action: 'list', reference: moment, target: {} };
    case 'hours':
      return say('hours', words.hours());
    case 'location': {
      const where = words.location();
      // Without an address to tell, staff answer.
      return where ? say('location', where) : { kind: 'hand-off', reason: 'question about the clinic' };
    }
    case 'greeting':
      return say('menu', words.menu(true));
    case 'help':
      return say('menu', words.menu(false));
    case 'thanks':
      // "ok thanks" to a question still open is not an answer: keep it open.
      if (awaiting?.kind === 'hold-confirmation') return say('welcome', words.stillHolding(awaiting.slot), awaiting);
      return say('welcome', words.welcome());
  }

  if (awaiting?.kind === 'cancel-confirmation') {
    if (reading.intent === 'yes') return { kind: 'cancel', appointment: awaiting.appointment };
    if (reading.intent === 'no') return say('kept', words.kept(awaiting.appointment));
    // The question offered to move it instead: a day in answer means there.
    if (hasMoment(moment)) return moveTo(words, awaiting.appointment, moment, reading.provider);
  }
  if (awaiting?.kind === 'appointment-choice') {
    const chosen = pickAppointment(awaiting.candidates, reading);
    if (chosen && awaiting.action === 'cancel')
      return say('confirm-cancel', words.confirmCancel(chosen), { kind: 'cancel-confirmation', appointment: chosen });
    if (chosen) return moveTo(words, chosen, awaiting.target, reading.provider);
    if (reading.intent === 'no') return say('kept', words.kept());
  }
  if (awaiting?.kind === 'hold-confirmation') {
    // "book me in" to a held slot is a yes.
    const confirms = reading.intent === 'yes' || (reading.intent === 'book' && !hasMoment(moment));
    if (confirms && agrees(reading, awaiting.slot))
      return { kind: 'confirm', slot: awaiting.slot, purpose: awaiting.purpose };
    if (reading.intent === 'no' && !hasMoment(moment)) {
      if (awaiting.purpose.kind === 'move') return say('kept', words.kept(awaiting.purpose.appointment));
      return say('released', words.released(), {
        kind: 'day',
        purpose: awaiting.purpose,
        preference: { date: awaiting.slot.date, time: awaiting.slot.time },
      });
    }
  }
  if (offer && (awaiting?.kind === 'slot-choice' || awaiting?.kind === 'hold-confirmation')) {
    const picked = pickSlot(offer, reading);
    if (picked) return { kind: 'hold', slot: picked, purpose: offer.purpose };
    if (reading.intent === 'yes' && awaiting.kind === 'slot-choice') {
      const shown = displayedSlots(offer);
      if (shown.length === 1) return { kind: 'hold', slot: shown[0]!, purpose: offer.purpose };
      return say('ask-which-slot', words.askWhichSlot(shown), { kind: 'slot-choice' });
    }
    if (reading.intent === 'no' && !hasMoment(moment))
      return say('released', words.released(), {
        kind: 'day',
        purpose: offer.purpose,
        preference: preferenceOf(offer),
      });
  }
  // "next Tuesday" said on a Sunday may be in 2 days or in 9: the patient is asked which.
  if (reading.dateChoices) {
    const purpose: Purpose =
      awaiting?.kind === 'day'
        ? awaiting.purpose
        : reading.intent === 'book' || !offer
          ? { kind: 'book', ...provider }
          : { ...offer.purpose, ...provider };
    const { date: _unsure, ...preference } = moment;
    return say('ask-which-date', words.askWhichDate(reading.dateChoices), { kind: 'day', purpose, preference });
  }
  if (awaiting?.kind === 'day' && (hasMoment(moment) || reading.provider)) {
    return searchOrAskDay(words, refined(awaiting.preference, moment), { ...awaiting.purpose, ...provider });
  }

  // A new request, or a follow-up ("what about Tuesday?") that keeps what was asked before.
  const purpose: Purpose =
    reading.intent === 'book' || !offer ? { kind: 'book', ...provider } : { ...offer.purpose, ...provider };
  if (hasMoment(moment) || (offer && reading.provider)) {
    // After a hold, the time the patient took is the preference to keep: "Friday instead" means Friday at that time.
    const earlier =
      awaiting?.kind === 'hold-confirmation' && purpose.kind === 'book'
        ? { date: awaiting.slot.date, time: awaiting.slot.time }
        : offer && preferenceOf(offer);
    const preference = earlier ? refined(earlier, moment) : moment;
    if (purpose.kind === 'move') return moveTo(words, purpose.appointment, preference, purpose.provider);
    const found = searchFor(preference);
    if (found) return { kind: 'search', ...found, purpose };
    if (reading.intent === 'availability') return { kind: 'search', ...soonest(moment, at), purpose };
    return say('ask-day', words.askDay(moment.time), { kind: 'day', purpose, preference: moment });
  }
  switch (reading.intent) {
    case 'book':
      return say('ask-day', words.askDay(), { kind: 'day', purpose, preference: {} });
    case 'availability':
      return { kind: 'search', ...soonest(moment, at), purpose };
    case 'yes':
      return say('nothing-to-confirm', words.nothingToConfirm());
    case 'no':
      return say('anything-else', words.anythingElse());
    default:
      return say('not-understood', words.notUnderstood());
  }
}

/** A yes to a held slot that names a day or time must name the held one. */
const agrees = (reading: Reading, slot: SlotView) =>
  (!reading.date || reading.date === slot.date) &&
  (!reading.time || reading.time === slot.time) &&
  !reading.dateRange &&
  reading.ordinal === undefined;

function searchOrAskDay(words: Wording, preference: Moment, purpose: Purpose): Task {
  if (purpose.kind === 'move') return moveTo(words, purpose.appointment, preference, purpose.provider);
  const found = searchFor(preference);
  if (found) return { kind: 'search', ...found, purpose };
  return say('ask-day', words.askDay(preference.time), { kind: 'day', purpose, preference });
}

/** What one more tool result teaches: the latest offer, gone once a booking or move is done. */
function offerAfter(offer: Offer | undefined, task: Task, steps: readonly Step[]): Offer | undefined {
  const step = steps.at(-1)!;
  if (failureOf(step.response)) return offer;
  switch (step.call.name) {
    case TOOL_NAMES.listAvailableSlots: {
      const slots = slotsOf(step.response);
      const search = searchArgsOf(step.call.args ?? {});
      return slots && search ? { search, slots, ...purposeOf(task, steps.slice(0, -1)) } : offer;
    }
    case TOOL_NAMES.confirmAppointment:
    case TOOL_NAMES.rescheduleAppointment:
      return undefined;
    default:
      return offer;
  }
}

/** Why the task's searches and holds happen: for a new booking, or to move the appointment it found. */
function purposeOf(task: Task, steps: readonly Step[]): { purpose: Purpose; timeAsked: boolean } {
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

/** The next step towards the task, given the results of the steps taken so far. */
function afterResult(words: Wording, task: Task, steps: readonly Step[], offer: Offer | undefined): Move {
  const last = steps.at(-1)!;
  const failure = failureOf(last.response);
  switch (last.call.name) {
    case TOOL_NAMES.listMyAppointments:
      return afterAppointments(words, task, last, failure);
    case TOOL_NAMES.listAvailableSlots:
      return afterSlots(words, steps, offer, failure);
    case TOOL_NAMES.holdSlot:
      return afterHold(words, task, steps, offer, failure);
    case TOOL_NAMES.confirmAppointment:
      return afterBooking(words, task, last, failure);
    case TOOL_NAMES.rescheduleAppointment:
      return afterMove(words, task, last, failure);
    case TOOL_NAMES.cancelAppointment:
      return afterCancel(words, last, failure);
    case TOOL_NAMES.handOffToStaff:
      return answer('handed-off', words.handedOff(task.kind === 'hand-off' ? task.reason : ''));
    default:
      return problem(words, failure);
  }
}

function afterAppointments(words: Wording, task: Task, step: Step, failure?: ToolError): Move {
  if (failure || task.kind !== 'find') return problem(words, failure);
  const appointments = appointmentsOf(step.response) ?? [];
  if (appointments.length === 0) return answer('no-appointments', words.noAppointments());
  if (task.action === 'list') return answer('appointments', words.appointments(appointments));
  if (task.action === 'move') {
    const move = moveOf(task, appointments);
    if (move) return start(moveTo(words, move.appointment, move.target, task.provider));
  }
  const chosen = chosenAppointment(task.reference, appointments);
  if (chosen && task.action === 'cancel')
    return answer('confirm-cancel', words.confirmCancel(chosen), {
      kind: 'cancel-confirmation',
      appointment: chosen,
    });
  const matches = hasMoment(task.reference) ? matchingAppointments(appointments, task.reference) : appointments;
  const candidates = matches.length > 1 ? matches : appointments;
  return answer('choose-appointment', words.chooseAppointment(candidates, task.action), {
    kind: 'appointment-choice',
    action: task.action,
    candidates,
    target: task.target,
  });
}

function afterSlots(words: Wording, steps: readonly Step[], offer: Offer | undefined, failure?: ToolError): Move {
  if (failure || !offer) return problem(words, failure);
  const { search, purpose, timeAsked } = offer;
  const searches = stepsNamed(steps, TOOL_NAMES.listAvailableSlots);
  const asked = searchArgsOf(searches[0]!.call.args ?? {}) ?? search;
  const usable = usableSlots(offer);
  const alreadyThen = purpose.kind === 'move' && isAlreadyAt(asked, purpose) ? purpose.appointment : undefined;
  if (usable.length === 0) {
    // A closed or full day: look at the week after it before giving up.
    if (searches.length === 1 && !search.endDate)
      return call(TOOL_NAMES.listAvailableSlots, {
        ...search,
        date: addDays(search.date, 1),
        endDate: addDays(search.date, 7),
      });
    if (alreadyThen)
      return answer('already-then', words.alreadyThen(alreadyThen, []), { kind: 'day', purpose, preference: {} });
    // The day asked about stays the preference: "6:30?" after it means that day at 6:30.
    return answer('no-slots', words.noSlots(asked, purpose.provider), {
      kind: 'day',
      purpose,
      preference: momentOf({
        ...(asked.endDate ? { dateRange: { from: asked.date, to: asked.endDate } } : { date: asked.date }),
        time: asked.time,
        partOfDay: asked.partOfDay,
      }),
    });
  }
  const shown = displayedSlots(offer);
  const choosing: Awaiting = { kind: 'slot-choice' };
  if (alreadyThen) return answer('already-then', words.alreadyThen(alreadyThen, shown), choosing);
  if (searches.length > 1 && stepsNamed(steps, TOOL_NAMES.holdSlot).length === 0)
    return answer('offer', words.offerNearby(asked, shown, purpose.provider), choosing);
  // The time of the appointment being moved is only a starting point: the nearest will do.
  if (!timeAsked && search.time) return call(TOOL_NAMES.holdSlot, { slotId: usable[0]!.slotId });
  if (search.time) {
    const exact = usable.find((slot) => slot.time === search.time);
    if (exact && !search.endDate) return call(TOOL_NAMES.holdSlot, { slotId: exact.slotId });
    if (!exact) return answer('offer', words.offerInstead(search, shown), choosing);
  }
  return answer(
    'offer',
    words.offer(shown, usable.length > shown.length || 'more' in searches.at(-1)!.response),
    choosing,
  );
}

/**
 * A move asked to the day and time the appointment already has ("move my 10am to Friday" when it is
 * Friday at 10), with no other doctor named: there is nothing to move, only other times to offer.
 */
function isAlreadyAt(search: SearchArgs, purpose: Extract<Purpose, { kind: 'move' }>): boolean {
  const { appointment } = purpose;
  return (
    !purpose.provider &&
    !search.endDate &&
    !search.partOfDay &&
    search.date === appointment.date &&
    (search.time === undefined || search.time === appointment.time)
  );
}

function afterHold(
  words: Wording,
  task: Task,
  steps: readonly Step[],
  offer: Offer | undefined,
  failure?: ToolError,
): Move {
  const step = steps.at(-1)!;
  const slotId = String(step.call.args?.slotId);
  const { purpose } = purposeOf(task, steps.slice(0, -1));
  // Another time would be refused as this one was: the patient must first book or let a hold go.
  if (failure?.code === 'TOO_MANY_HOLDS') return problem(words, failure);
  if (failure) {
    if (task.kind === 'confirm')
      return call(TOOL_NAMES.listAvailableSlots, { date: task.slot.date, time: task.slot.time });
    const gone = slotNamed(slotId, offer, task);
    const tried = new Set(stepsNamed(steps, TOOL_NAMES.holdSlot).map((s) => String(s.call.args?.slotId)));
    const remaining = offer ? usableSlots(offer).filter((slot) => !tried.has(slot.slotId)) : [];
    // Another provider free at the very same time is as good as the one just taken.
    const twin = remaining.find((slot) => slot.date === gone.date && slot.time === gone.time);
    if (twin) return call(TOOL_NAMES.holdSlot, { slotId: twin.slotId });
    const others = shownSlots(remaining);
    if (others.length === 0) return answer('no-slots', words.slotGone(gone), { kind: 'day', purpose, preference: {} });
    return answer('offer', words.offerOthers(gone, others), { kind: 'slot-choice' });
  }
  const held = heldSlotOf(step.response);
  const known = slotNamed(slotId, offer, task);
  const slot: SlotView = { ...known, ...(held ?? {}), ...(known.provider ? { provider: known.provider } : {}) };
  const awaiting: Awaiting = { kind: 'hold-confirmation', slot, purpose };
  if (task.kind === 'confirm' && task.slot.slotId === slot.slotId)
    return answer('held-again', words.heldAgain(slot), awaiting);
  if (purpose.kind === 'move') return answer('confirm-move', words.confirmMove(purpose.appointment, slot), awaiting);
  return answer('holding', words.holding(slot), awaiting);
}

function afterBooking(words: Wording, task: Task, step: Step, failure?: ToolError): Move {
  const appointment = appointmentOf(step.response);
  if (!failure && appointment) return answer('booked', words.booked(appointment));
  if (task.kind === 'confirm' && failure) {
    if (failure.code === 'HOLD_EXPIRED' || failure.code === 'NO_VALID_HOLD')
      return call(TOOL_NAMES.holdSlot, { slotId: task.slot.slotId });
    if (failure.code === 'CONFIRMATION_REQUIRED')
      return answer('holding', words.holding(task.slot), {
        kind: 'hold-confirmation',
        slot: task.slot,
        purpose: task.purpose,
      });
    if (failure.code === 'SLOT_UNAVAILABLE')
      return call(TOOL_NAMES.listAvailableSlots, { date: task.slot.date, time: task.slot.time });
  }
  return problem(words, failure);
}

function afterMove(words: Wording, task: Task, step: Step, failure?: ToolError): Move {
  const appointment = appointmentOf(step.response);
  if (!failure && appointment) return answer('moved', words.moved(appointment));
  if (task.kind === 'confirm' && task.purpose.kind === 'move')
    return answer('problem', words.moveFailed(task.purpose.appointment, failure));
  return problem(words, failure);
}

function afterCancel(words: Wording, step: Step, failure?: ToolError): Move {
  const appointment = appointmentOf(step.response);
  if (!failure && appointment) return answer('cancelled', words.cancelled(appointment));
  return problem(words, failure);
}

/** For a move, once the patient's appointments are listed: which one, and where to. */
function moveOf(
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
function moveTo(words: Wording, appointment: AppointmentView, target: Moment, provider?: string): Task {
  const purpose: Purpose = { kind: 'move', appointment, ...(provider ? { provider } : {}) };
  if (!hasMoment(target)) return say('ask-day', words.askNewDay(appointment), { kind: 'day', purpose, preference: {} });
  return { kind: 'search', ...moveSearch(target, appointment), purpose };
}

/** The first step towards a task. */
function start(task: Task): Move {
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
      return call(
        TOOL_NAMES.handOffToStaff,
        task.reason === URGENT_REASON ? { reason: task.reason, urgent: true } : { reason: task.reason },
      );
    case 'say':
      return { reply: task.reply };
  }
}

/** An offer stays on the table only while the talk is still about choosing a time. */
function keepingOffer(said: Reply, offer: Offer | undefined): Reply {
  const awaiting = said.awaiting;
  if (awaiting?.kind !== 'day' && awaiting?.kind !== 'slot-choice' && awaiting?.kind !== 'hold-confirmation')
    return said;
  const { offer: _earlier, ...question } = awaiting;
  return { ...said, awaiting: offer ? { ...question, offer } : question };
}

const offerOn = (awaiting: Awaiting | undefined): Offer | undefined =>
  awaiting && 'offer' in awaiting ? awaiting.offer : undefined;

function searchArgsOf(args: Record<string, unknown>): SearchArgs | undefined {
  if (typeof args.date !== 'string') return undefined;
  const search: SearchArgs = { date: args.date };
  if (typeof args.endDate === 'string') search.endDate = args.endDate;
  if (args.partOfDay === 'morning' || args.partOfDay === 'afternoon' || args.partOfDay === 'evening')
    search.partOfDay = args.partOfDay;
  if (typeof args.time === 'string') search.time = args.time;
  return search;
}

const stepsNamed = (steps: readonly Step[], name: string) => steps.filter((step) => step.call.name === name);

/** The slot an id names: as offered or as the task had it, else as much as the id itself tells. */
function slotNamed(slotId: string, offer: Offer | undefined, task: Task): SlotView {
  const known =
    offer?.slots.find((slot) => slot.slotId === slotId) ??
    (task.kind === 'hold' || task.kind === 'confirm' ? task.slot : undefined);
  return known?.slotId === slotId
    ? known
    : { slotId, date: slotId.slice(0, 10), weekday: '', time: `${slotId.slice(11, 13)}:${slotId.slice(13, 15)}` };
}

const reply = (kind: ReplyKind, text: string, awaiting?: Awaiting): Reply => ({
  kind,
  text,
  ...(awaiting ? { awaiting } : {}),
});
const say = (kind: ReplyKind, text: string, awaiting?: Awaiting): Task => ({
  kind: 'say',
  reply: reply(kind, text, awaiting),
});
const answer = (kind: ReplyKind, text: string, awaiting?: Awaiting): Move => ({ reply: reply(kind, text, awaiting) });
const call = (name: string, args: Record<string, unknown> = {}): Move => ({ call: { name, args } });
/** A result that is neither the expected answer nor an error this policy knows how to get round. */
const problem = (words: Wording, failure?: ToolError): Move => answer('problem', words.problem(failure));
