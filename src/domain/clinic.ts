import type { PhoneNumber } from './phone-number.js';

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

/** A clinic's slug, e.g. `riverside`: how the store, and whoever manages clinics, names it. */
export type ClinicId = string & { readonly __brand: 'ClinicId' };

const CLINIC_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;

export const CLINIC_ID_EXPECTED =
  'a clinic id of 2 to 40 lower-case letters, digits and dashes, not starting with a dash';

export const isClinicId = (text: string): text is ClinicId => CLINIC_ID.test(text);

/** The receptionist reads these out when asked where the clinic is or what it does: a sentence or two, not a page. */
export const MAX_ADDRESS_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 500;

export interface Clinic {
  id: ClinicId;
  name: string;
  /** IANA zone, e.g. `America/New_York`: every date a patient says is read in it. */
  timeZone: string;
  /** BCP 47, e.g. `en-US`: how times and dates are written and spoken to its patients. */
  locale: string;
  weeklyHours: WeeklyHours;
  slotMinutes: number;
  /** How many days ahead, today included, patients may book. */
  horizonDays: number;
  /** How long a held slot waits for its confirmation. Set by the clinic, never by the caller. */
  holdMinutes: number;
  providers: Provider[];
  /** Where patients find it, as the receptionist says it. */
  address?: string;
  /** What it is and does, in its own words, for patients who ask. */
  description?: string;
  /** Where callers are put through to a person. */
  frontDeskNumber?: PhoneNumber;
  /**
   * The numbers patients reach it on, by any channel: Twilio's SMS, WhatsApp and voice numbers, SNS's
   * origination number. A number reaches one clinic only, which is how an inbound text or call finds it.
   */
  numbers: PhoneNumber[];
  /**
   * The languages its patients are answered in, BCP 47 primary codes (`en`, `es`), the first the one
   * used when a patient's is not offered. Unset, the locale's language alone.
   */
  languages?: string[];
  /**
   * Twilio Content templates (HX…) for the texts it starts on WhatsApp, by kind and language: sent
   * when the patient has not written on WhatsApp in the last 24 hours (`TEMPLATE_VARIABLES`).
   */
  whatsappTemplates?: WhatsappTemplates;
}

/** WhatsApp lets a business start a conversation only with a template WhatsApp has approved. */
export type WhatsappTemplateKind = 'booked' | 'moved' | 'cancelled' | 'reminder';
export type WhatsappTemplates = Partial<Record<WhatsappTemplateKind, Record<string, string>>>;

/** The primary language subtag of a BCP 47 tag: `es` of `es-MX`. */
export const primaryLanguageOf = (tag: string) => tag.split('-')[0]!.toLowerCase();

/** The languages a clinic answers in, its default first. */
export const languagesOf = (clinic: Pick<Clinic, 'languages' | 'locale'>): string[] =>
  clinic.languages ?? [primaryLanguageOf(clinic.locale)];

/** Clinics listed by id, in the same order whichever store lists them. */
export const byClinicId = (a: Clinic, b: Clinic) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
