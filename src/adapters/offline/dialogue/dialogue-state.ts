import type { AppointmentView, SlotView } from '../../../application/tool-results.js';
import type { Moment, PartOfDay } from '../reading/reading.js';

/** The arguments of list_available_slots, exactly as sent. */
export interface SearchArgs {
  date: string;
  endDate?: string;
  partOfDay?: PartOfDay;
  time?: string;
}

/** What a search is for: a new booking, or a new time for an appointment the patient has. */
export type Purpose =
  | { kind: 'book'; provider?: string }
  | { kind: 'move'; appointment: AppointmentView; provider?: string };

/** The latest free slots the patient was told about: what "the 10:30" and "what about Tuesday?" refer to. */
export interface Offer {
  search: SearchArgs;
  slots: SlotView[];
  purpose: Purpose;
  /** The patient asked for that time (rather than it being the time of the appointment to move). */
  timeAsked: boolean;
}

/**
 * The question the receptionist's last reply left open: all the policy keeps between two messages.
 * While the talk is about choosing a time, it carries the offer still on the table.
 */
export type Awaiting =
  | { kind: 'day'; purpose: Purpose; preference: Moment; offer?: Offer }
  | { kind: 'slot-choice'; offer?: Offer }
  | { kind: 'hold-confirmation'; slot: SlotView; purpose: Purpose; offer?: Offer }
  | { kind: 'cancel-confirmation'; appointment: AppointmentView }
  | { kind: 'appointment-choice'; action: 'cancel' | 'move'; candidates: AppointmentView[]; target: Moment };
