import type { AppointmentView, SlotView, ToolError } from '../../../application/tool-results.js';
import { fill as fillIn, localeOf } from '../../../domain/language-pack.js';
import type { ClinicFacts } from '../../../ports/language-model.js';
import { URGENT_REASON } from '../reading/intent-rules.js';
import type { SearchArgs } from './dialogue-state.js';
import { localFormats } from './local-formats.js';
import { openingDays } from './opening-days.js';

/**
 * What the offline receptionist says, in the words of a language pack's replies.json. SMS: short,
 * plain, one question at a time, days and times as the clinic's locale writes them in the
 * patient's language ("Tuesday, March 3 at 1:00 PM" in en-US, "martes, 3 de marzo" in es-US). A
 * call is heard, not read: times are said as a person says them ("one o'clock"), and nothing asks
 * to reply in writing or reads out a reference (the `…Spoken` templates).
 */

/** How the reply reaches the patient: read in a text, or heard on a call. */
export type Medium = 'text' | 'speech';

/** Every template a replies.json must have; `{name}` in a template is filled in. */
export const REPLY_TEMPLATES = [
  'hello',
  'menu',
  'welcome',
  'stillHolding',
  'stillHoldingSpoken',
  'notUnderstood',
  'nothingToConfirm',
  'anythingElse',
  'askDay',
  'askDayAround',
  'askNewDay',
  'askWhichDate',
  'offer',
  'offerMore',
  'offerInstead',
  'offerNearby',
  'offerOthers',
  'slotGone',
  'noSlots',
  'askWhichSlot',
  'holding',
  'holdingSpoken',
  'heldAgain',
  'heldAgainSpoken',
  'booked',
  'bookedSpoken',
  'confirmMove',
  'confirmMoveSpoken',
  'insteadOfProvider',
  'moved',
  'moveFailed',
  'alreadyThen',
  'alreadyThenNoOther',
  'confirmCancel',
  'confirmCancelSpoken',
  'cancelled',
  'cancelledSpoken',
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
  'hours',
  'daysFromTo',
  'openRun',
  'openPeriod',
  'closedOn',
  'location',
  'frontDesk',
  'at',
  'dayTime',
  'withProvider',
  'withDoctor',
  'or',
  'and',
  'lastOfList',
  'listSeparator',
  'appointmentSeparator',
  'timesOnDay',
  'periodOn',
  'periodBetween',
  'periodPart',
] as const;
type Template = (typeof REPLY_TEMPLATES)[number];
/** The templates that ask for something written on a text, and have a `…Spoken` form for a call. */
type SpokenTemplate = Extract<`${Template}Spoken`, Template> extends `${infer Name}Spoken` ? Name : never;

/** A clock time as it is said aloud, from a replies.json's `spokenClock`. */
export interface SpokenClock {
  /** By hour on a 12-hour clock: 0 is twelve. */
  hours: readonly string[];
  noon: string;
  /** `{hour}` */
  onTheHour: string;
  /** `{hour}`, `{minutes}` */
  pastTheHour: string;
  /** By minute, 1 to 59 (index 0 unused). */
  minutes: readonly string[];
}

/** A replies.json, read. */
export interface Replies {
  /** `morning`, `afternoon`, `evening` in the language. */
  partsOfDay: ReadonlyMap<string, string>;
  spokenClock: SpokenClock;
  templates: ReadonlyMap<string, string>;
  /** Tool error codes in words a patient understands, and `default` for any other. */
  errors: ReadonlyMap<string, string>;
  /**
   * Rewrites of a filled sentence that templates alone cannot get right: agreement with the time put
   * in it, such as Spanish "a las 3" but "a la 1".
   */
  corrections: ReadonlyArray<readonly [RegExp, string]>;
}

/** The sentences of one clinic's receptionist in one language on one medium. */
export type Wording = ReturnType<ReturnType<typeof wordingFrom>>;

/**
 * The receptionist's sentences in one language, for a clinic and a medium. Throws when a template,
 * a part of the day or the `default` error is missing, so an incomplete language fails when loaded
 * rather than mid-conversation.
 */
export function wordingFrom(code: string, replies: Replies) {
  for (const name of REPLY_TEMPLATES)
    if (!replies.templates.has(name)) throw new Error(`replies.json: templates.${name} is missing`);
  for (const part of ['morning', 'afternoon', 'evening'])
    if (!replies.partsOfDay.has(part)) throw new Error(`replies.json: partsOfDay.${part} is missing`);
  if (!replies.errors.has('default')) throw new Error('replies.json: errors.default is missing');
  const { spokenClock } = replies;
  if (spokenClock.hours.length !== 12) throw new Error('replies.json: spokenClock.hours must name 12 hours');
  if (spokenClock.minutes.length !== 60) throw new Error('replies.json: spokenClock.minutes must name 60 minutes');

  const corrected = (sentence: string) =>
    replies.corrections.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), sentence);
  const fill = (name: Template, values: Record<string, string> = {}) =>
    corrected(fillIn(replies.templates.get(name)!, values));

  /** "one o'clock", "ten thirty", "noon": a clock time as it is said aloud. */
  const spokenClockOf = (time: string) => {
    const [hours, minutes] = time.split(':').map(Number) as [number, number];
    if (hours === 12 && minutes === 0) return spokenClock.noon;
    const hour = spokenClock.hours[hours % 12]!;
    return minutes === 0
      ? fillIn(spokenClock.onTheHour, { hour })
      : fillIn(spokenClock.pastTheHour, { hour, minutes: spokenClock.minutes[minutes]! });
  };

  return (clinic: ClinicFacts, medium: Medium) => {
    const formats = localFormats(localeOf(code, clinic.locale));
    const { day, weekday } = formats;
    const spoken = medium === 'speech';
    const clock = spoken ? spokenClockOf : formats.clock;
    const said = (name: SpokenTemplate, values: Record<string, string>) =>
      fill(spoken ? `${name}Spoken` : name, values);

    const withProvider = (slot: { provider?: string }) =>
      slot.provider ? fill('withProvider', { provider: slot.provider }) : '';
    const at = (slot: SlotView) => fill('at', { day: day(slot.date), time: clock(slot.time) });
    const dayTime = (slot: SlotView) => fill('dayTime', { day: day(slot.date), time: clock(slot.time) });
    /** "9:00, 9:30 or 10:00"; with `and`: "Saturday and Sunday". */
    const either = (items: string[], conjunction: 'or' | 'and' = 'or') =>
      items.length <= 1
        ? (items[0] ?? '')
        : `${items.slice(0, -1).join(fill('listSeparator'))}${fill(conjunction)}${items.at(-1)}`;
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
    /** The hour in examples of what to say: "book tomorrow at 10", or "at ten" aloud. */
    const ten = spoken ? spokenClock.hours[10]! : '10';

    /** "Monday to Wednesday 9:00 AM to 12:00 PM, Thursday …, and closed on Sunday". */
    const weeklyHours = () => {
      const { open, closed } = openingDays(clinic.weeklyHours);
      const days = (first: number, last: number) =>
        first === last
          ? weekday(first)
          : (last - first + 7) % 7 === 1
            ? either([weekday(first), weekday(last)], 'and')
            : fill('daysFromTo', { from: weekday(first), to: weekday(last) });
      const runs = open.map((run) =>
        fill('openRun', {
          days: days(run.first, run.last),
          periods: run.periods
            .map((p) => fill('openPeriod', { open: clock(p.open), close: clock(p.close) }))
            .join(fill('and')),
        }),
      );
      const closedOn = closed.length > 0 ? [fill('closedOn', { days: either(closed.map(weekday), 'and') })] : [];
      const parts = [...runs, ...closedOn];
      return parts.length > 1
        ? `${parts.slice(0, -1).join(fill('listSeparator'))}${fill('lastOfList')}${parts.at(-1)}`
        : (parts[0] ?? '');
    };

    return {
      hours: () => fill('hours', { hours: weeklyHours() }),
      /** Undefined when the clinic has no address to tell. */
      location: () =>
        clinic.address &&
        `${fill('location', { address: clinic.address })}${clinic.frontDeskNumber ? fill('frontDesk', { number: clinic.frontDeskNumber }) : ''}`,
      menu: (greeted: boolean) => fill('menu', { hello: greeted ? fill('hello') : '', ten }),
      welcome: () => fill('welcome'),
      stillHolding: (slot: SlotView) => said('stillHolding', slotWithProvider(slot)),
      notUnderstood: () => fill('notUnderstood', { ten }),
      nothingToConfirm: () => fill('nothingToConfirm'),
      anythingElse: () => fill('anythingElse'),
      askDay: (time?: string) => (time ? fill('askDayAround', { time: clock(time) }) : fill('askDay')),
      askWhichDate: ([first, second]: [string, string]) =>
        fill('askWhichDate', { first: day(first), second: day(second) }),
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
      holding: (slot: SlotView) => said('holding', slotWithProvider(slot)),
      heldAgain: (slot: SlotView) => said('heldAgain', slotWithProvider(slot)),
      booked: (appointment: AppointmentView) =>
        said('booked', { ...slotWithProvider(appointment), reference: appointment.appointmentId }),
      confirmMove: (appointment: AppointmentView, slot: SlotView) =>
        said('confirmMove', {
          from: dayTime(appointment),
          to: dayTime(slot),
          provider: withProvider(slot),
          // A move to another doctor says so: the patient may be used to their own.
          instead:
            appointment.provider && slot.provider && slot.provider !== appointment.provider
              ? fill('insteadOfProvider', { provider: appointment.provider })
              : '',
        }),
      moved: (appointment: AppointmentView) => fill('moved', slotWithProvider(appointment)),
      /** The appointment already has the time asked for; `others`: the other times near it, if any. */
      alreadyThen: (appointment: AppointmentView, others: SlotView[]) =>
        others.length > 0
          ? fill('alreadyThen', { ...slotWithProvider(appointment), slots: listOfSlots(others) })
          : fill('alreadyThenNoOther', slotWithProvider(appointment)),
      moveFailed: (appointment: AppointmentView, failure?: ToolError) =>
        fill('moveFailed', { reason: explain(failure), slot: at(appointment) }),
      confirmCancel: (appointment: AppointmentView) => said('confirmCancel', slotWithProvider(appointment)),
      cancelled: (appointment: AppointmentView) => said('cancelled', { slot: at(appointment) }),
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
  };
}
