/**
 * Days and clock times written as the clinic's locale writes them ("Tuesday, March 3" and "1:00 PM"
 * in en-US, "Tuesday 3 March" and "13:00" in en-GB), from the clinic-local `YYYY-MM-DD` and `HH:MM`
 * the tools give. The instants are built in UTC and formatted in UTC, so no zone can shift the day.
 */
export interface LocalFormats {
  day: (date: string) => string;
  /** A day of the week by number, 0 = Sunday: "Monday". */
  weekday: (day: number) => string;
  clock: (time: string) => string;
}

/** Intl puts a narrow no-break space before "PM": not every phone shows it. */
const plainSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

/** Building Intl formats is slow next to reading a message: one pair per locale is kept. */
const byLocale = new Map<string, LocalFormats>();

export function localFormats(locale: string): LocalFormats {
  let formats = byLocale.get(locale);
  if (!formats) {
    formats = formatsFor(locale);
    byLocale.set(locale, formats);
  }
  return formats;
}

function formatsFor(locale: string): LocalFormats {
  const days = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const clocks = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  const weekdays = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return {
    // 4 January 1970 was a Sunday.
    weekday: (day) => weekdays.format(Date.UTC(1970, 0, 4 + day)),
    day: (date) => plainSpaces(days.format(Date.parse(`${date}T12:00:00Z`))),
    clock: (time) => plainSpaces(clocks.format(Date.parse(`1970-01-01T${time}:00Z`))).replace(/^0(\d)/, '$1'),
  };
}
