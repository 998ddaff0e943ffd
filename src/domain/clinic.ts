export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
type Weekday = (typeof WEEKDAYS)[number];

/** One opening period of a day, clinic-local `HH:MM`, close exclusive. */
interface OpeningPeriod {
  open: string;
  close: string;
}

export type WeeklyHours = Partial<Record<Weekday, OpeningPeriod[]>>;

export interface Provider {
  /** Lower-case letters, digits and dashes: it becomes part of slot ids. */
  id: string;
  name: string;
  /** A provider without hours of their own works the clinic's hours. */
  weeklyHours?: WeeklyHours;
}

export interface Clinic {
  name: string;
  /** IANA zone, e.g. `America/New_York`: every date a patient says is read in it. */
  timeZone: string;
  weeklyHours: WeeklyHours;
  slotMinutes: number;
  /** How many days ahead, today included, patients may book. */
  horizonDays: number;
  /** How long a held slot waits for its confirmation. Set by the clinic, never by the caller. */
  holdMinutes: number;
  providers: Provider[];
}
