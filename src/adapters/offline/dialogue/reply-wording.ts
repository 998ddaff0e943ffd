import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import type { ClinicFacts } from '../../../ports/language-model.js';
import { URGENT_REASON } from '../reading/intent-rules.js';
import type { SearchArgs } from './dialogue-state.js';
import { localFormats } from './local-formats.js';
import { openingDays } from './opening-days.js';

/**
 * What the offline receptionist says. SMS: short, plain, one question at a time, days and times as
 * the clinic's locale writes them ("Tuesday, March 3 at 1:00 PM" in en-US). A call is heard, not
 * read: times are said as a person says them ("one o'clock"), and nothing asks to reply in writing
 * or reads out a reference.
 */

/** How the reply reaches the patient: read in a text, or heard on a call. */
export type Medium = 'text' | 'speech';

const NUMBERS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const TEENS = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty'];

/** "one o'clock", "ten thirty", "nine oh five", "noon": a clock time as it is said aloud. */
function spokenClock(time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  if (hours === 12 && minutes === 0) return 'noon';
  const hour = NUMBERS[hours % 12 || 12]!;
  if (minutes === 0) return `${hour} o'clock`;
  if (minutes < 10) return `${hour} oh ${NUMBERS[minutes]}`;
  if (minutes < 20) return `${hour} ${TEENS[minutes - 10]}`;
  const ones = minutes % 10;
  return `${hour} ${TENS[Math.floor(minutes / 10)]}${ones ? `-${NUMBERS[ones]}` : ''}`;
}

/** "9:00, 9:30 or 10:00", or with `and`: "Saturday and Sunday". */
function either(items: string[], conjunction = 'or'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

/** The receptionist's sentences for a clinic, in its locale, read or heard. */
export function wordingFor(clinic: ClinicFacts, medium: Medium) {
  const formats = localFormats(clinic.locale);
  const { day, weekday } = formats;
  const clock = medium === 'speech' ? spokenClock : formats.clock;
  const spoken = medium === 'speech';
  /** What a text asks the patient to write back, and a caller to say. */
  const confirmIt = spoken ? 'Shall I book it?' : 'Reply YES to confirm.';

  const withProvider = (slot: { provider?: string }) => (slot.provider ? ` with ${slot.provider}` : '');
  const at = (slot: SlotView) => `${day(slot.date)} at ${clock(slot.time)}`;

  /** `saidDay`: the day the sentence already named, not to be said twice. */
  function listOfSlots(slots: SlotView[], saidDay?: string): string {
    const days = new Set(slots.map((slot) => slot.date));
    if (days.size === 1 && days.has(saidDay ?? '')) return either(slots.map((slot) => clock(slot.time)));
    if (days.size === 1) return `${either(slots.map((slot) => clock(slot.time)))} on ${day(slots[0]!.date)}`;
    return either(slots.map((slot) => `${day(slot.date)} at ${clock(slot.time)}`));
  }

  function period(search: SearchArgs, provider?: string): string {
    const when = search.endDate ? `between ${day(search.date)} and ${day(search.endDate)}` : `on ${day(search.date)}`;
    const who = provider ? ` with Dr ${provider[0]!.toUpperCase()}${provider.slice(1)}` : '';
    return `${search.partOfDay ? `${when} in the ${search.partOfDay}` : when}${who}`;
  }

  /** "Monday to Wednesday 9:00 AM to 12:00 PM, Thursday …, and closed on Sunday". */
  function weeklyHours(): string {
    const { open, closed } = openingDays(clinic.weeklyHours);
    const days = (first: number, last: number) =>
      first === last
        ? weekday(first)
        : (last - first + 7) % 7 === 1
          ? `${weekday(first)} and ${weekday(last)}`
          : `${weekday(first)} to ${weekday(last)}`;
    const runs = open.map(
      (run) =>
        `${days(run.first, run.last)} ${run.periods.map((p) => `${clock(p.open)} to ${clock(p.close)}`).join(' and ')}`,
    );
    const closedOn = closed.length > 0 ? [`closed on ${either(closed.map(weekday), 'and')}`] : [];
    const parts = [...runs, ...closedOn];
    return parts.length > 1 ? `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}` : (parts[0] ?? '');
  }

  return {
    hours: () => `We're open ${weeklyHours()}.`,
    /** Undefined when the clinic has no address to tell. */
    location: () =>
      clinic.address &&
      `We're at ${clinic.address}.${clinic.frontDeskNumber ? ` You can call the front desk on ${clinic.frontDeskNumber}.` : ''}`,
    menu: (greeted: boolean) =>
      `${greeted ? 'Hi! ' : ''}I can book, move or cancel appointments, or tell you when yours is. For example: "book tomorrow at ${spoken ? 'ten' : '10'}" or "move my appointment to Friday".`,
    welcome: () => "You're welcome! Text any time if you need anything else.",
    stillHolding: (slot: SlotView) =>
      `You're welcome! I'm still holding ${at(slot)}${withProvider(slot)} for you: ${spoken ? 'shall I book it?' : 'reply YES to confirm.'}`,
    notUnderstood: () =>
      `Sorry, I didn't catch that. I can book, move or cancel appointments: try "book Friday at ${spoken ? 'ten' : '10'}".`,
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
    holding: (slot: SlotView) => `I'm holding ${at(slot)}${withProvider(slot)} for you. ${confirmIt}`,
    heldAgain: (slot: SlotView) =>
      `Your hold had expired, so I've held ${at(slot)}${withProvider(slot)} again. ${confirmIt}`,
    booked: (appointment: AppointmentView) =>
      spoken
        ? `Booked: ${at(appointment)}${withProvider(appointment)}. We'll text you the details.`
        : `Booked: ${at(appointment)}${withProvider(appointment)}. Your reference is ${appointment.appointmentId}.`,
    confirmMove: (appointment: AppointmentView, slot: SlotView) =>
      `Shall I move your appointment on ${at(appointment)} to ${at(slot)}${withProvider(slot)}${appointment.provider && slot.provider && slot.provider !== appointment.provider ? `, instead of ${appointment.provider}` : ''}?${spoken ? '' : ' Reply YES to confirm.'}`,
    moved: (appointment: AppointmentView) =>
      `Done: your appointment is now ${at(appointment)}${withProvider(appointment)}.`,
    moveFailed: (appointment: AppointmentView, failure?: ToolError) =>
      `Sorry, I couldn't move it: ${explain(failure)}. Your appointment stays at ${at(appointment)}. Would another time suit you?`,
    confirmCancel: (appointment: AppointmentView) =>
      `Cancel your appointment on ${at(appointment)}${withProvider(appointment)}? ${spoken ? 'Say yes' : 'Reply YES'} to cancel, or tell me another day to move it to.`,
    cancelled: (appointment: AppointmentView) =>
      `Cancelled: your appointment on ${at(appointment)}. ${spoken ? 'Call or text' : 'Text'} us any time to book again.`,
    kept: (appointment?: AppointmentView) =>
      appointment
        ? `OK, I've kept your appointment on ${at(appointment)}.`
        : "OK, I've kept your appointment as it is.",
    released: () => "No problem, I won't book it. Would another day or time suit you?",
    chooseAppointment: (appointments: AppointmentView[], action: 'cancel' | 'move') =>
      `Which appointment would you like to ${action}: ${either(appointments.map(at))}?`,
    appointments: (appointments: AppointmentView[]) =>
      appointments.length === 1
        ? `Your next appointment is ${at(appointments[0]!)}${withProvider(appointments[0]!)}.`
        : `Your upcoming appointments: ${appointments.map((a) => `${at(a)}${withProvider(a)}`).join('; ')}.`,
    noAppointments: () => 'You have no upcoming appointments. Would you like to book one?',
    handedOff: (reason: string) =>
      `${reason === URGENT_REASON ? 'If this is an emergency, call 911 now. ' : ''}I've passed your message to our staff; someone will get back to you on this number during opening hours.`,
    problem: (failure?: ToolError) => `Sorry, ${explain(failure)}. Would you like me to try something else?`,
  };
}

/** The sentences of one clinic's receptionist on one medium. */
export type Wording = ReturnType<typeof wordingFor>;

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
