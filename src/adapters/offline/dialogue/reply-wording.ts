import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import { URGENT_REASON } from '../reading/intent-rules.js';
import type { SearchArgs } from './dialogue-state.js';

/**
 * What the offline receptionist says, in the words of a language pack's replies.json. SMS: short,
 * plain, one question at a time. Days are the clinic's own ("Monday 2 March"), times 24-hour
 * without a leading zero ("9:30", "14:00"), which reads the same in every language.
 */

/** Every template a replies.json must have; `{name}` in a template is filled in. */
export const REPLY_TEMPLATES = [
  'hello',
  'menu',
  'welcome',
  'stillHolding',
  'notUnderstood',
  'nothingToConfirm',
  'anythingElse',
  'askDay',
  'askDayAround',
  'askNewDay',
  'offer',
  'offerMore',
  'offerInstead',
  'offerNearby',
  'offerOthers',
  'slotGone',
  'noSlots',
  'askWhichSlot',
  'holding',
  'heldAgain',
  'booked',
  'confirmMove',
  'moved',
  'moveFailed',
  'confirmCancel',
  'cancelled',
  'kept',
  'keptUnnamed',
  'released',
  'chooseToCancel',
  'chooseToMove',
  'appointment',
  'appointments',
  'noAppointments',
  'handedOff',
  'urgent',
  'problem',
  'day',
  'at',
  'dayTime',
  'withProvider',
  'withDoctor',
  'or',
  'listSeparator',
  'appointmentSeparator',
  'timesOnDay',
  'periodOn',
  'periodBetween',
  'periodPart',
] as const;
type Template = (typeof REPLY_TEMPLATES)[number];

/** A replies.json, read. */
export interface Replies {
  /** Sunday first. */
  weekdays: readonly string[];
  months: readonly string[];
  /** `morning`, `afternoon`, `evening` in the language. */
  partsOfDay: ReadonlyMap<string, string>;
  templates: ReadonlyMap<string, string>;
  /** Tool error codes in words a patient understands, and `default` for any other. */
  errors: ReadonlyMap<string, string>;
}

export type Wording = ReturnType<typeof wordingFrom>;

const clock = (time: string) => time.replace(/^0(\d)/, '$1');

/**
 * The receptionist's sentences in one language. Throws when a template, a part of the day or the
 * `default` error is missing, so an incomplete language fails when loaded rather than mid-conversation.
 */
export function wordingFrom(replies: Replies) {
  for (const name of REPLY_TEMPLATES)
    if (!replies.templates.has(name)) throw new Error(`replies.json: templates.${name} is missing`);
  for (const part of ['morning', 'afternoon', 'evening'])
    if (!replies.partsOfDay.has(part)) throw new Error(`replies.json: partsOfDay.${part} is missing`);
  if (!replies.errors.has('default')) throw new Error('replies.json: errors.default is missing');

  const fill = (name: Template, values: Record<string, string> = {}) =>
    replies.templates.get(name)!.replace(/\{(\w+)\}/g, (placeholder, key: string) => values[key] ?? placeholder);

  /** "Monday 2 March", from a `YYYY-MM-DD` day. */
  const day = (date: string) => {
    const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
    return fill('day', {
      weekday: replies.weekdays[new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay()]!,
      day: String(dayOfMonth),
      month: replies.months[month - 1]!,
    });
  };
  const withProvider = (slot: { provider?: string }) =>
    slot.provider ? fill('withProvider', { provider: slot.provider }) : '';
  const at = (slot: SlotView) => fill('at', { day: day(slot.date), time: clock(slot.time) });
  const dayTime = (slot: SlotView) => fill('dayTime', { day: day(slot.date), time: clock(slot.time) });
  /** "9:00, 9:30 or 10:00". */
  const either = (items: string[]) =>
    items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(fill('listSeparator'))}${fill('or')}${items.at(-1)}`;
  /** `saidDay`: the day the sentence already named, not to be said twice. */
  const listOfSlots = (slots: SlotView[], saidDay?: string) => {
    const days = new Set(slots.map((slot) => slot.date));
    const times = either(slots.map((slot) => clock(slot.time)));
    if (days.size === 1 && days.has(saidDay ?? '')) return times;
    if (days.size === 1) return fill('timesOnDay', { times, day: day(slots[0]!.date) });
    return either(slots.map(dayTime));
  };
  const period = (search: SearchArgs, provider?: string) => {
    const when = search.endDate
      ? fill('periodBetween', { from: day(search.date), to: day(search.endDate) })
      : fill('periodOn', { day: day(search.date) });
    const who = provider ? fill('withDoctor', { name: `${provider[0]!.toUpperCase()}${provider.slice(1)}` }) : '';
    const part = search.partOfDay
      ? fill('periodPart', { period: when, partOfDay: replies.partsOfDay.get(search.partOfDay)! })
      : when;
    return `${part}${who}`;
  };
  /** A tool's error code in words a patient understands; without one, something went wrong. */
  const explain = (failure?: ToolError) =>
    replies.errors.get(failure?.code ?? 'default') ?? replies.errors.get('default')!;
  const slotWithProvider = (slot: SlotView) => ({ slot: at(slot), provider: withProvider(slot) });

  return {
    menu: (greeted: boolean) => fill('menu', { hello: greeted ? fill('hello') : '' }),
    welcome: () => fill('welcome'),
    stillHolding: (slot: SlotView) => fill('stillHolding', slotWithProvider(slot)),
    notUnderstood: () => fill('notUnderstood'),
    nothingToConfirm: () => fill('nothingToConfirm'),
    anythingElse: () => fill('anythingElse'),
    askDay: (time?: string) => (time ? fill('askDayAround', { time: clock(time) }) : fill('askDay')),
    askNewDay: (appointment: AppointmentView) => fill('askNewDay', { slot: at(appointment) }),
    offer: (slots: SlotView[], more: boolean) => fill(more ? 'offerMore' : 'offer', { slots: listOfSlots(slots) }),
    offerInstead: (search: SearchArgs, slots: SlotView[]) =>
      fill('offerInstead', {
        time: clock(search.time!),
        period: period({ date: search.date, ...(search.endDate ? { endDate: search.endDate } : {}) }),
        slots: listOfSlots(slots, search.endDate ? undefined : search.date),
      }),
    offerNearby: (search: SearchArgs, slots: SlotView[], provider?: string) =>
      fill('offerNearby', { period: period(search, provider), slots: listOfSlots(slots) }),
    offerOthers: (gone: SlotView, slots: SlotView[]) =>
      fill('offerOthers', { slot: at(gone), slots: listOfSlots(slots) }),
    slotGone: (gone: SlotView) => fill('slotGone', { slot: at(gone) }),
    noSlots: (search: SearchArgs, provider?: string) => fill('noSlots', { period: period(search, provider) }),
    askWhichSlot: (slots: SlotView[]) => fill('askWhichSlot', { slots: listOfSlots(slots) }),
    holding: (slot: SlotView) => fill('holding', slotWithProvider(slot)),
    heldAgain: (slot: SlotView) => fill('heldAgain', slotWithProvider(slot)),
    booked: (appointment: AppointmentView) =>
      fill('booked', { ...slotWithProvider(appointment), reference: appointment.appointmentId }),
    confirmMove: (appointment: AppointmentView, slot: SlotView) =>
      fill('confirmMove', { from: dayTime(appointment), to: dayTime(slot), provider: withProvider(slot) }),
    moved: (appointment: AppointmentView) => fill('moved', slotWithProvider(appointment)),
    moveFailed: (appointment: AppointmentView, failure?: ToolError) =>
      fill('moveFailed', { reason: explain(failure), slot: at(appointment) }),
    confirmCancel: (appointment: AppointmentView) => fill('confirmCancel', slotWithProvider(appointment)),
    cancelled: (appointment: AppointmentView) => fill('cancelled', { slot: at(appointment) }),
    kept: (appointment?: AppointmentView) =>
      appointment ? fill('kept', { slot: at(appointment) }) : fill('keptUnnamed'),
    released: () => fill('released'),
    chooseAppointment: (appointments: AppointmentView[], action: 'cancel' | 'move') =>
      fill(action === 'cancel' ? 'chooseToCancel' : 'chooseToMove', { choices: either(appointments.map(dayTime)) }),
    appointments: (appointments: AppointmentView[]) =>
      appointments.length === 1
        ? fill('appointment', slotWithProvider(appointments[0]!))
        : fill('appointments', {
            list: appointments.map((a) => `${at(a)}${withProvider(a)}`).join(fill('appointmentSeparator')),
          }),
    noAppointments: () => fill('noAppointments'),
    handedOff: (reason: string) => `${reason === URGENT_REASON ? fill('urgent') : ''}${fill('handedOff')}`,
    problem: (failure?: ToolError) => fill('problem', { reason: explain(failure) }),
  };
}
