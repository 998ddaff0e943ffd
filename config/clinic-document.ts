import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  CLINIC_ID_EXPECTED,
  type Clinic,
  isClinicId,
  MAX_ADDRESS_LENGTH,
  MAX_DESCRIPTION_LENGTH,
} from '../src/domain/clinic.js';
import { isValidTimeZone } from '../src/domain/zoned-time.js';
import { integer, nonEmptyString, phoneNumber, refine, strictObject } from './codecs.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const TimeOfDay = refine('a time of day HH:MM, 00:00 to 24:00', t.string, (s) => TIME.test(s));

const OpeningPeriod = refine(
  'an opening period { "open": "HH:MM", "close": "HH:MM" } with open before close',
  strictObject('an opening period', { open: TimeOfDay, close: TimeOfDay }, {}),
  (p) => p.open < p.close,
  true,
);

/** HH:MM compares as text; sorted by opening, each period must open once the one before has closed. */
const day = refine(
  'a list of opening periods that do not overlap',
  t.array(OpeningPeriod, 'a list of opening periods'),
  (periods) =>
    [...periods]
      .sort((a, b) => a.open.localeCompare(b.open))
      .every((period, i, sorted) => i === 0 || sorted[i - 1]!.close <= period.open),
  true,
);

const WeeklyHours = strictObject(
  'opening hours keyed by weekday (monday … sunday)',
  {},
  { sunday: day, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day },
);

const Provider = strictObject(
  'a provider { "id", "name" } with its own weeklyHours or none',
  {
    id: refine('an id of lower-case letters, digits and dashes', t.string, (s) => /^[a-z0-9][a-z0-9-]{0,39}$/.test(s)),
    name: nonEmptyString('a non-empty name'),
  },
  { weeklyHours: WeeklyHours },
);

/**
 * Dates can be written in it, and it is spelt as Intl spells it (`en-US`, not `en-us`), so that a
 * clinic reads back exactly as it was put.
 */
function isWritableLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag && Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 1;
  } catch {
    // RangeError: not a language tag at all.
    return false;
  }
}

const text = (what: string, max: number) =>
  refine(`${what} of at most ${max} characters`, t.string, (s) => s.trim().length > 0 && s.length <= max);

/** More than a clinic has; it keeps any change of a clinic's numbers within one DynamoDB transaction (100 writes). */
const MAX_NUMBERS = 20;

const numbers = refine(
  `a list of at most ${MAX_NUMBERS} different E.164 numbers`,
  t.array(phoneNumber, 'a list of E.164 numbers'),
  (list) => list.length <= MAX_NUMBERS && new Set(list).size === list.length,
  true,
);

/** A language as clinics offer it: a BCP 47 primary code, lower case, as a language pack's folder is named. */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

const languages = refine(
  'a list of 1 to 10 different language codes such as ["en", "es"], the default first',
  t.array(refine('a BCP 47 primary language code such as en or es', t.string, (s) => LANGUAGE_CODE.test(s))),
  (list) => list.length >= 1 && list.length <= 10 && new Set(list).size === list.length,
  true,
);

const templatesByLanguage = refine(
  'Twilio Content template SIDs (HX and 32 hex digits) by language code, such as { "en": "HX…" }',
  t.record(t.string, t.string),
  (byLanguage) =>
    Object.entries(byLanguage).every(([code, sid]) => LANGUAGE_CODE.test(code) && /^HX[0-9a-f]{32}$/.test(sid)),
);

const WhatsappTemplates = strictObject(
  'WhatsApp templates by kind of text: booked, moved, cancelled, reminder',
  {},
  {
    booked: templatesByLanguage,
    moved: templatesByLanguage,
    cancelled: templatesByLanguage,
    reminder: templatesByLanguage,
  },
);

const Fields = strictObject(
  'a clinic',
  {
    id: refine(CLINIC_ID_EXPECTED, t.string, isClinicId),
    name: nonEmptyString('a non-empty clinic name'),
    timeZone: refine('an IANA time zone such as America/New_York', t.string, isValidTimeZone),
    locale: refine('a BCP 47 language tag dates can be written in, such as en-US or fr-CA', t.string, isWritableLocale),
    weeklyHours: WeeklyHours,
    slotMinutes: integer(5, 240),
    horizonDays: integer(1, 365),
    holdMinutes: integer(1, 120),
    numbers,
  },
  {
    providers: t.array(Provider, 'a list of providers'),
    address: text('an address', MAX_ADDRESS_LENGTH),
    description: text('a description', MAX_DESCRIPTION_LENGTH),
    frontDeskNumber: phoneNumber,
    languages,
    whatsappTemplates: WhatsappTemplates,
  },
);

/**
 * A clinic as JSON, as every edge reads and writes one: the CLINIC_CONFIG file, `npm run clinic`,
 * an API. A clinic without providers is one team; `providers: []` says the same as no `providers`.
 */
export type ClinicDocument = t.TypeOf<typeof Fields>;

/** Put through to one of the clinic's own numbers, a caller would reach the receptionist again. */
const frontDeskIsOwn = (clinic: ClinicDocument) =>
  clinic.frontDeskNumber !== undefined && clinic.numbers.includes(clinic.frontDeskNumber);

/**
 * A clinic's document, read as strictly as the API reads a request: an unknown key is refused, and
 * each bad field is named. Decodes to the domain's Clinic; encodes to the document `toDocument` writes.
 */
export const ClinicDocument = new t.Type<Clinic, ClinicDocument, unknown>(
  'a clinic',
  (u): u is Clinic => Fields.is(u) && Array.isArray(u.providers) && !frontDeskIsOwn(u),
  (u, context) => {
    const decoded = Fields.validate(u, context);
    if (isLeft(decoded)) return decoded;
    const { providers = [], ...fields } = decoded.right;
    if (frontDeskIsOwn(fields)) {
      return t.failure(
        fields.frontDeskNumber,
        [...context, { key: 'frontDeskNumber', type: phoneNumber, actual: fields.frontDeskNumber }],
        "a number other than the clinic's own numbers: a caller put through would reach the receptionist again",
      );
    }
    return t.success({ ...fields, providers });
  },
  (clinic) => toDocument(clinic),
);

/**
 * The document a clinic is read back as, so it can be changed and put back: what it was put with.
 * Optional keys are written only when set, providers only when there are some (`providers: []`
 * reads back as no providers, which says the same).
 */
export function toDocument(clinic: Clinic): ClinicDocument {
  const { address, description, frontDeskNumber, providers, languages, whatsappTemplates } = clinic;
  return {
    id: clinic.id,
    name: clinic.name,
    timeZone: clinic.timeZone,
    locale: clinic.locale,
    weeklyHours: clinic.weeklyHours,
    slotMinutes: clinic.slotMinutes,
    horizonDays: clinic.horizonDays,
    holdMinutes: clinic.holdMinutes,
    ...(providers.length > 0 ? { providers } : {}),
    ...(address === undefined ? {} : { address }),
    ...(description === undefined ? {} : { description }),
    ...(frontDeskNumber === undefined ? {} : { frontDeskNumber }),
    numbers: clinic.numbers,
    ...(languages === undefined ? {} : { languages }),
    ...(whatsappTemplates === undefined ? {} : { whatsappTemplates }),
  };
}
