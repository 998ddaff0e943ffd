import type { AppointmentView, SlotView } from '../../../application/tool-results.js';
import { hasMoment, type Moment, type PartOfDay, type Reading } from '../reading/reading.js';
import type { Offer } from './dialogue-state.js';

/** An SMS names a few times, not eight. */
const SHOWN = 4;
/** When the time asked for is taken, the two nearest read as a clear choice: "9:30 or 10:30". */
const SHOWN_INSTEAD = 2;

const partOfDayAt = (time: string): PartOfDay =>
  time < '12:00' ? 'morning' : time < '17:00' ? 'afternoon' : 'evening';

const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** "patel" works with "Dr. Ravi Patel". */
const worksWith = (slot: SlotView, provider: string) =>
  (slot.provider ?? '')
    .toLowerCase()
    .split(/[\s.]+/)
    .includes(provider);

/**
 * The offered slots the patient can take: never the one being moved, only the provider asked for.
 * A move keeps the patient's own doctor while that doctor has a time to offer; another doctor is
 * offered only when theirs has none, and the question then names the change.
 */
export function usableSlots(offer: Pick<Offer, 'slots' | 'purpose'>): SlotView[] {
  const { purpose } = offer;
  const ownSlot = purpose.kind === 'move' ? purpose.appointment.slotId : undefined;
  const usable = offer.slots.filter(
    (slot) => slot.slotId !== ownSlot && (!purpose.provider || worksWith(slot, purpose.provider)),
  );
  const ownDoctor = purpose.kind === 'move' && !purpose.provider ? purpose.appointment.provider : undefined;
  const withOwnDoctor = ownDoctor ? usable.filter((slot) => slot.provider === ownDoctor) : [];
  return withOwnDoctor.length > 0 ? withOwnDoctor : usable;
}

/**
 * The first few distinct days and times in the tool's order (nearest to the time asked for
 * first), then told in time order. Two providers free at 9:30 read as one "9:30".
 */
export function shownSlots(slots: SlotView[], limit = SHOWN): SlotView[] {
  const seen = new Set<string>();
  const shown: SlotView[] = [];
  for (const slot of slots) {
    const key = `${slot.date} ${slot.time}`;
    if (seen.has(key)) continue;
    seen.add(key);
    shown.push(slot);
    if (shown.length === limit) break;
  }
  return shown.sort((a, b) => `${a.date} ${a.time}`.localeCompare(`${b.date} ${b.time}`));
}

/** Whether the offer answers a time that was taken: it then names only the nearest alternatives. */
const offersInstead = (offer: Offer) =>
  offer.search.time !== undefined &&
  offer.timeAsked &&
  !usableSlots(offer).some((slot) => slot.time === offer.search.time);

/** The slots the reply to this offer named, in the order it named them: what "the second one" counts in. */
export function displayedSlots(offer: Offer): SlotView[] {
  return shownSlots(usableSlots(offer), offersInstead(offer) ? SHOWN_INSTEAD : SHOWN);
}

/** The slot "the 10:30", "the second one" or "Dr Patel" points at in the latest offer, if any. */
export function pickSlot(offer: Offer, reading: Reading): SlotView | undefined {
  const ownSlot = offer.purpose.kind === 'move' ? offer.purpose.appointment.slotId : undefined;
  const pool = reading.provider
    ? offer.slots.filter((slot) => slot.slotId !== ownSlot && worksWith(slot, reading.provider!))
    : usableSlots(offer);
  const onDay = reading.date ? pool.filter((slot) => slot.date === reading.date) : pool;
  if (reading.time) return onDay.find((slot) => slot.time === reading.time);
  if (reading.ordinal !== undefined) {
    const shown = reading.provider || reading.date ? shownSlots(onDay) : displayedSlots(offer);
    return reading.ordinal < 0 ? shown.at(reading.ordinal) : shown[reading.ordinal - 1];
  }
  return reading.provider ? onDay[0] : undefined;
}

/** The appointments a reference such as "my 10am" or "Tuesday's" can mean. */
export function matchingAppointments(appointments: AppointmentView[], reference: Moment): AppointmentView[] {
  let matches = appointments;
  if (reference.date) {
    const sameDay = matches.filter((a) => a.date === reference.date);
    // "Tuesday's appointment" may be a Tuesday further away than the coming one.
    matches = sameDay.length > 0 ? sameDay : matches.filter((a) => weekdayOf(a.date) === weekdayOf(reference.date!));
  }
  const range = reference.dateRange;
  if (range) matches = matches.filter((a) => a.date >= range.from && a.date <= range.to);
  if (reference.time) matches = matches.filter((a) => a.time === reference.time);
  if (reference.partOfDay) matches = matches.filter((a) => partOfDayAt(a.time) === reference.partOfDay);
  return matches;
}

/** The one appointment a reference names among the patient's; with no reference, their only one. */
export function chosenAppointment(reference: Moment, appointments: AppointmentView[]): AppointmentView | undefined {
  const matches = hasMoment(reference) ? matchingAppointments(appointments, reference) : appointments;
  return matches.length === 1 ? matches[0] : undefined;
}

/** The one appointment among those listed that the patient's answer singles out. */
export function pickAppointment(candidates: AppointmentView[], reading: Reading): AppointmentView | undefined {
  if (reading.ordinal !== undefined)
    return reading.ordinal < 0 ? candidates.at(reading.ordinal) : candidates[reading.ordinal - 1];
  if (!hasMoment(reading)) return undefined;
  const matches = matchingAppointments(candidates, reading);
  return matches.length === 1 ? matches[0] : undefined;
}
