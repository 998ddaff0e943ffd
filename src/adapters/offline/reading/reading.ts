/** What the patient wants, as far as the words alone tell; the conversation decides the rest. */
export type Intent =
  | 'book'
  | 'availability'
  | 'reschedule'
  | 'cancel'
  | 'my_appointments'
  | 'yes'
  | 'no'
  | 'help'
  | 'hours'
  | 'location'
  | 'human'
  | 'greeting'
  | 'thanks'
  | 'unknown';

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

/** Clinic-local days, `YYYY-MM-DD`, both included. */
export interface DateRange {
  from: string;
  to: string;
}

/**
 * A day and a time as the patient put them, read in the clinic's zone. Any part may be missing:
 * "Friday", "the 10am", "next week", "this afternoon".
 */
export interface Moment {
  date?: string;
  dateRange?: DateRange;
  /** `HH:MM`, 24-hour. */
  time?: string;
  partOfDay?: PartOfDay;
  /** Two days the words may mean ("next Tuesday" on a Sunday), which the patient is asked to choose between. */
  dateChoices?: [string, string];
}

export interface Reading extends Moment {
  intent: Intent;
  /** For a reschedule, the appointment to move ("my 10am", "Tuesday's"); the Moment fields are where to. */
  from?: Moment;
  /** For a reschedule by an amount ("push it back an hour"), the minutes to add to its time. */
  shiftMinutes?: number;
  /** "the second one" is 2, "the last one" -1: a choice among what was just offered. */
  ordinal?: number;
  /** A provider the patient named ("Dr Patel" gives `patel`), lower case. */
  provider?: string;
  /** Why a person should take over, when the intent is `human`. */
  handOffReason?: string;
}

export const hasMoment = (moment: Moment): boolean =>
  moment.date !== undefined ||
  moment.dateRange !== undefined ||
  moment.time !== undefined ||
  moment.partOfDay !== undefined;
