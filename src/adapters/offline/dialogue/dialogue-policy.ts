import type { SlotView } from '../../../application/tool-results.js';
import type { ConversationTurn } from '../../../ports/language-model.js';
import { type ClinicNow, clinicNow } from '../reading/moment-reader.js';
import { hasMoment, type Moment, type Reading } from '../reading/reading.js';
import { parseUtterance } from '../reading/utterance-parser.js';
import { type Exchange, exchangesOf, type Memory, type Purpose } from './dialogue-state.js';
import { type Move, moveTo, say, start, type Task } from './dialogue-tasks.js';
import { wording } from './reply-wording.js';
import { momentOf, preferenceOf, refined, searchFor, soonest } from './search-preferences.js';
import { displayedSlots, pickAppointment, pickSlot } from './slot-choice.js';
import { absorb, advance } from './task-progress.js';

/**
 * The offline receptionist's dialogue policy. It keeps no state of its own: every call rebuilds
 * what the conversation established from the turns (the tool results above all, since they carry
 * absolute days and ids), decides what the patient's latest message asks for in the light of the
 * question left open, and takes the next step towards it given the tool results already in.
 */

const agrees = (reading: Reading, slot: SlotView) =>
  (!reading.date || reading.date === slot.date) &&
  (!reading.time || reading.time === slot.time) &&
  !reading.dateRange &&
  reading.ordinal === undefined;

function searchOrAskDay(preference: Moment, purpose: Purpose): Task {
  if (purpose.kind === 'move') return moveTo(purpose.appointment, preference, purpose.provider);
  const found = searchFor(preference);
  if (found) return { kind: 'search', ...found, purpose };
  return say('ask-day', wording.askDay(preference.time), { kind: 'day', purpose, preference });
}

function interpret(reading: Reading, memory: Memory, at: ClinicNow): Task {
  const { awaiting, offer } = memory;
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
    case 'greeting':
      return say('menu', wording.menu(true));
    case 'help':
      return say('menu', wording.menu(false));
    case 'thanks':
      // "ok thanks" to a question still open is not an answer: keep it open.
      if (awaiting?.kind === 'hold-confirmation') return say('welcome', wording.stillHolding(awaiting.slot), awaiting);
      return say('welcome', wording.welcome());
  }

  if (awaiting?.kind === 'cancel-confirmation') {
    if (reading.intent === 'yes') return { kind: 'cancel', appointment: awaiting.appointment };
    if (reading.intent === 'no') return say('kept', wording.kept(awaiting.appointment));
    // The question offered to move it instead: a day in answer means there.
    if (hasMoment(moment)) return moveTo(awaiting.appointment, moment, reading.provider);
  }
  if (awaiting?.kind === 'appointment-choice') {
    const chosen = pickAppointment(awaiting.candidates, reading);
    if (chosen && awaiting.action === 'cancel')
      return say('confirm-cancel', wording.confirmCancel(chosen), { kind: 'cancel-confirmation', appointment: chosen });
    if (chosen) return moveTo(chosen, awaiting.target, reading.provider);
    if (reading.intent === 'no') return say('kept', wording.kept());
  }
  if (awaiting?.kind === 'hold-confirmation') {
    // "book me in" to a held slot is a yes.
    const confirms = reading.intent === 'yes' || (reading.intent === 'book' && !hasMoment(moment));
    if (confirms && agrees(reading, awaiting.slot))
      return { kind: 'confirm', slot: awaiting.slot, purpose: awaiting.purpose };
    if (reading.intent === 'no' && !hasMoment(moment)) {
      if (awaiting.purpose.kind === 'move') return say('kept', wording.kept(awaiting.purpose.appointment));
      return say('released', wording.released(), {
        kind: 'day',
        purpose: awaiting.purpose,
        preference: { time: awaiting.slot.time },
      });
    }
  }
  if (offer && (awaiting?.kind === 'slot-choice' || awaiting?.kind === 'hold-confirmation')) {
    const picked = pickSlot(offer, reading);
    if (picked) return { kind: 'hold', slot: picked, purpose: offer.purpose };
    if (reading.intent === 'yes' && awaiting.kind === 'slot-choice') {
      const shown = displayedSlots(offer);
      if (shown.length === 1) return { kind: 'hold', slot: shown[0]!, purpose: offer.purpose };
      return say('ask-which-slot', wording.askWhichSlot(shown), { kind: 'slot-choice' });
    }
    if (reading.intent === 'no' && !hasMoment(moment))
      return say('released', wording.released(), {
        kind: 'day',
        purpose: offer.purpose,
        preference: preferenceOf(offer),
      });
  }
  if (awaiting?.kind === 'day' && (hasMoment(moment) || reading.provider)) {
    return searchOrAskDay(refined(awaiting.preference, moment), { ...awaiting.purpose, ...provider });
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
    if (purpose.kind === 'move') return moveTo(purpose.appointment, preference, purpose.provider);
    const found = searchFor(preference);
    if (found) return { kind: 'search', ...found, purpose };
    if (reading.intent === 'availability') return { kind: 'search', ...soonest(moment, at), purpose };
    return say('ask-day', wording.askDay(moment.time), { kind: 'day', purpose, preference: moment });
  }
  switch (reading.intent) {
    case 'book':
      return say('ask-day', wording.askDay(), { kind: 'day', purpose, preference: {} });
    case 'availability':
      return { kind: 'search', ...soonest(moment, at), purpose };
    case 'yes':
      return say('nothing-to-confirm', wording.nothingToConfirm());
    case 'no':
      return say('anything-else', wording.anythingElse());
    default:
      return say('not-understood', wording.notUnderstood());
  }
}

function play(exchange: Exchange, memory: Memory, at: ClinicNow): { move: Move; memory: Memory } {
  const task = interpret(parseUtterance(exchange.text, at.now, at.timeZone), memory, at);
  const { awaiting: _answered, ...before } = memory;
  const during = exchange.steps.reduce<Memory>(
    (m, _step, index) => absorb(m, task, exchange.steps.slice(0, index + 1)),
    before,
  );
  return { move: advance(task, exchange.steps, during), memory: during };
}

/**
 * The receptionist's next move for these turns. Earlier exchanges are replayed to learn the
 * question each left open; their days are re-read against today, which only matters for words
 * like "tomorrow" in messages a day old, and those rarely steer the next step.
 */
export function nextMove(turns: readonly ConversationTurn[], now: number, timeZone: string): Move {
  const at = clinicNow(now, timeZone);
  const exchanges = exchangesOf(turns);
  let memory: Memory = {};
  for (const exchange of exchanges.slice(0, -1)) {
    const played = play(exchange, memory, at);
    const awaiting = 'reply' in played.move ? played.move.reply.awaiting : undefined;
    const { offer, ...rest } = played.memory;
    // An offer stays on the table only while the talk is still about choosing a time.
    const stillChoosing = offer && awaiting && ['slot-choice', 'hold-confirmation', 'day'].includes(awaiting.kind);
    memory = { ...rest, ...(awaiting ? { awaiting } : {}), ...(stillChoosing ? { offer } : {}) };
  }
  const current = exchanges.at(-1);
  if (!current) return start(say('menu', wording.menu(true)));
  return play(current, memory, at).move;
}
