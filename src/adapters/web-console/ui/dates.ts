// Dates as the console handles them: clinic-local calendar days (YYYY-MM-DD) and the API's ISO
// times, which carry the clinic's own offset, so their text is already clinic-local.

const DAY_MS = 86_400_000;

const utcOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(utcOf(text));

export const addDays = (date: string, days: number) => dateOf(utcOf(date) + days * DAY_MS);

/** The browser's own today: where the console opens unless its address names a day. */
export function today(): string {
  const now = new Date();
  return dateOf(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** The Monday of a date's week. */
export const mondayOf = (date: string) => addDays(date, -((new Date(utcOf(date)).getUTCDay() + 6) % 7));

export const daysFrom = (first: string, count: number) => Array.from({ length: count }, (_, i) => addDays(first, i));

/**
 * From and to instants surely covering the clinic-local days, wherever the clinic is (UTC+14 to
 * UTC-12): the console does not know the clinic's time zone, and keeps only the slots whose own
 * local date is one of the days.
 */
export const spanOf = (days: string[]) => ({
  from: `${days[0]}T00:00:00+14:00`,
  to: `${addDays(days.at(-1)!, 1)}T00:00:00-12:00`,
});

export const localDate = (iso: string) => iso.slice(0, 10);
export const localTime = (iso: string) => iso.slice(11, 16);
/** The clinic's offset an ISO time carries, e.g. `-05:00`. */
export const offsetOf = (iso: string) => iso.slice(19).replace(/^\.\d+/, '');

export const dayLabel = (date: string, style: 'long' | 'short' = 'long') =>
  new Date(utcOf(date)).toLocaleDateString('en-US', {
    weekday: style,
    month: style,
    day: 'numeric',
    timeZone: 'UTC',
  });

/** `•••• 4567`: enough for staff to tell callers apart on a shared screen, not the whole number. */
export const maskPhone = (phoneNumber: string) => `•••• ${phoneNumber.replace(/\D/g, '').slice(-4)}`;

/** `Ana •••• 4567`: the first name, when known, beside the masked number; never the full name on a shared screen. */
export const maskedPatient = ({ phoneNumber, patientName }: { phoneNumber: string; patientName?: string }) =>
  [patientName?.split(' ')[0], maskPhone(phoneNumber)].filter(Boolean).join(' ');
