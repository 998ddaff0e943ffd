import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import { URGENT_REASON } from '../reading/intent-rules.js';
import type { SearchArgs } from './dialogue-state.js';

/**
 * What the offline receptionist says. SMS: short, plain, one question at a time. Days are the
 * clinic's own ("Monday 2 March"), times 24-hour without a leading zero ("9:30", "14:00").
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const clock = (time: string) => time.replace(/^0(\d)/, '$1');

/** "Monday 2 March", from a `YYYY-MM-DD` day. */
function day(date: string): string {
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay()]} ${dayOfMonth} ${MONTHS[month - 1]}`;
}

const withProvider = (slot: { provider?: string }) => (slot.provider ? ` with ${slot.provider}` : '');
const at = (slot: SlotView) => `${day(slot.date)} at ${clock(slot.time)}`;

/** "9:00, 9:30 or 10:00". */
function either(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** `saidDay`: the day the sentence already named, not to be said twice. */
function listOfSlots(slots: SlotView[], saidDay?: string): string {
  const days = new Set(slots.map((slot) => slot.date));
  if (days.size === 1 && days.has(saidDay ?? '')) return either(slots.map((slot) => clock(slot.time)));
  if (days.size === 1) return `${either(slots.map((slot) => clock(slot.time)))} on ${day(slots[0]!.date)}`;
  return either(slots.map((slot) => `${day(slot.date)} ${clock(slot.time)}`));
}

function period(search: SearchArgs, provider?: string): string {
  const when = search.endDate ? `between ${day(search.date)} and ${day(search.endDate)}` : `on ${day(search.date)}`;
  const who = provider ? ` with Dr ${provider[0]!.toUpperCase()}${provider.slice(1)}` : '';
  return `${search.partOfDay ? `${when} in the ${search.partOfDay}` : when}${who}`;
}

export const wording = {
  menu: (greeted: boolean) =>
    `${greeted ? 'Hi! ' : ''}I can book, move or cancel appointments, or tell you when yours is. For example: "book tomorrow at 10" or "move my appointment to Friday".`,
  welcome: () => "You're welcome! Text any time if you need anything else.",
  stillHolding: (slot: SlotView) =>
    `You're welcome! I'm still holding ${at(slot)}${withProvider(slot)} for you: reply YES to confirm.`,
  notUnderstood: () => 'Sorry, I didn\'t catch that. I can book, move or cancel appointments: try "book Friday at 10".',
  nothingToConfirm: () =>
    "Sorry, I'm not sure what you're saying yes to. Would you like to book, move or cancel an appointment?",
  anythingElse: () => 'OK. Anything else I can help with?',
  askDay: (time?: string) =>
    time ? `Sure. Which day would you like, around ${clock(time)}?` : 'Sure. Which day would you like?',
  askNewDay: (appointment: AppointmentView) => `Which day would you like instead of ${at(appointment)}?`,
  offer: (slots: SlotView[], more: boolean) =>
    `I have ${listOfSlots(slots)}${more ? ', among others' : ''}. Which suits you?`,
  offerInstead: (search: SearchArgs, slots: SlotView[]) =>
    `${clock(search.time!)} is taken ${period({ date: search.date, ...(search.endDate ? { endDate: search.endDate } : {}) })}. I have ${listOfSlots(slots, search.endDate ? undefined : search.date)}; which suits you?`,
  offerNearby: (search: SearchArgs, slots: SlotView[], provider?: string) =>
    `Nothing is free ${period(search, provider)}. The nearest I have: ${listOfSlots(slots)}. Which suits you?`,
  offerOthers: (gone: SlotView, slots: SlotView[]) =>
    `Sorry, ${at(gone)} has just been taken. I also have ${listOfSlots(slots)}; which suits you?`,
  slotGone: (gone: SlotView) => `Sorry, ${at(gone)} has just been taken. Would another day or time suit you?`,
  noSlots: (search: SearchArgs, provider?: string) =>
    `Sorry, nothing is free ${period(search, provider)}. Would another day suit you?`,
  askWhichSlot: (slots: SlotView[]) => `Which time would you like: ${listOfSlots(slots)}?`,
  holding: (slot: SlotView) => `I'm holding ${at(slot)}${withProvider(slot)} for you. Reply YES to confirm.`,
  heldAgain: (slot: SlotView) =>
    `Your hold had expired, so I've held ${at(slot)}${withProvider(slot)} again. Reply YES to confirm.`,
  booked: (appointment: AppointmentView) =>
    `Booked: ${at(appointment)}${withProvider(appointment)}. Your reference is ${appointment.appointmentId}.`,
  confirmMove: (appointment: AppointmentView, slot: SlotView) =>
    `Shall I move your ${day(appointment.date)} ${clock(appointment.time)} appointment to ${day(slot.date)} ${clock(slot.time)}${withProvider(slot)}? Reply YES to confirm.`,
  moved: (appointment: AppointmentView) =>
    `Done: your appointment is now ${at(appointment)}${withProvider(appointment)}.`,
  moveFailed: (appointment: AppointmentView, failure?: ToolError) =>
    `Sorry, I couldn't move it: ${explain(failure)}. Your appointment stays at ${at(appointment)}. Would another time suit you?`,
  confirmCancel: (appointment: AppointmentView) =>
    `Cancel your appointment on ${at(appointment)}${withProvider(appointment)}? Reply YES to cancel, or tell me another day to move it to.`,
  cancelled: (appointment: AppointmentView) =>
    `Cancelled: your appointment on ${at(appointment)}. Text us any time to book again.`,
  kept: (appointment?: AppointmentView) =>
    appointment ? `OK, I've kept your appointment on ${at(appointment)}.` : "OK, I've kept your appointment as it is.",
  released: () => "No problem, I won't book it. Would another day or time suit you?",
  chooseAppointment: (appointments: AppointmentView[], action: 'cancel' | 'move') =>
    `Which appointment would you like to ${action}: ${either(appointments.map((a) => `${day(a.date)} ${clock(a.time)}`))}?`,
  appointments: (appointments: AppointmentView[]) =>
    appointments.length === 1
      ? `Your next appointment is ${at(appointments[0]!)}${withProvider(appointments[0]!)}.`
      : `Your upcoming appointments: ${appointments.map((a) => `${at(a)}${withProvider(a)}`).join('; ')}.`,
  noAppointments: () => 'You have no upcoming appointments. Would you like to book one?',
  handedOff: (reason: string) =>
    `${reason === URGENT_REASON ? 'If this is an emergency, call 911 now. ' : ''}I've passed your message to our staff; someone will get back to you on this number during opening hours.`,
  problem: (failure?: ToolError) => `Sorry, ${explain(failure)}. Would you like me to try something else?`,
};

/** A tool's error code in words a patient understands; without one, something went wrong. */
function explain(failure?: ToolError): string {
  switch (failure?.code) {
    case 'SLOT_UNAVAILABLE':
      return 'that time has just been taken';
    case 'SLOT_IN_PAST':
      return 'that time has already passed';
    case 'SLOT_BLOCKED':
      return 'that time is not available';
    case 'HOLD_EXPIRED':
    case 'NO_VALID_HOLD':
      return 'the hold on that time has run out';
    case 'APPOINTMENT_IN_PAST':
      return 'that appointment has already started';
    case 'ALREADY_CANCELLED':
      return 'that appointment was already cancelled';
    case 'SAME_SLOT':
      return 'that is the time you already have';
    case 'APPOINTMENT_NOT_FOUND':
    case 'NOT_OWNER':
      return "I can't find that appointment";
    case 'SLOT_NOT_FOUND':
      return "that time isn't one the clinic offers";
    case 'TOO_MANY_HOLDS':
      return "you're already holding as many times as one patient can at once; holds not booked are let go after a few minutes, so please ask again then";
    case 'TOO_MANY_APPOINTMENTS':
      return 'you already have as many upcoming appointments as one patient can book: I can move or cancel one of them instead';
    default:
      return 'something went wrong on my side';
  }
}
