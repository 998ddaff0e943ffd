import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { nonEmptyString } from '../../../config/codecs.js';
import { describeErrors } from '../../../config/describe-errors.js';
import { APPOINTMENT_ID_MAX_LENGTH } from '../../domain/appointment.js';
import { BLOCK_REASON_MAX_LENGTH } from '../../domain/blocked-time.js';
import { PATIENT_NAME_EXPECTED, patientNameOf } from '../../domain/patient-name.js';
import { PHONE_NUMBER_EXPECTED, type PhoneNumber, parsePhoneNumber } from '../../domain/phone-number.js';
import { SLOT_ID_EXPECTED, SLOT_ID_MAX_LENGTH, SLOT_ID_PATTERN, type SlotId } from '../../domain/slot.js';
import { CALENDAR_DATE_EXPECTED } from '../../domain/zoned-time.js';
import { HttpError } from './http-error.js';

/** A number as channels write it, separators and `whatsapp:` included, is far shorter. */
const PHONE_NUMBER_MAX_LENGTH = 64;
const PROVIDER_ID_MAX_LENGTH = 64;

/**
 * `codec`, for strings of at most `max` characters. The length is checked first and named in the
 * error, so an over-long value is refused for its length alone, before anything else reads it.
 */
function atMost<A, O>(max: number, codec: t.Type<A, O, unknown>): t.Type<A, O, unknown> {
  return new t.Type<A, O, unknown>(
    codec.name,
    (u): u is A => codec.is(u) && (u as string).length <= max,
    (u, context) =>
      typeof u === 'string' && u.length > max
        ? t.failure(u, context, `at most ${max} characters`)
        : codec.validate(u, context),
    codec.encode,
  );
}

export const PhoneNumberCodec = atMost(
  PHONE_NUMBER_MAX_LENGTH,
  new t.Type<PhoneNumber, string, unknown>(
    PHONE_NUMBER_EXPECTED,
    (u): u is PhoneNumber => typeof u === 'string' && parsePhoneNumber(u).ok,
    (u, context) => {
      if (typeof u !== 'string') return t.failure(u, context);
      const parsed = parsePhoneNumber(u);
      return parsed.ok ? t.success(parsed.value) : t.failure(u, context);
    },
    String,
  ),
);

const SlotIdCodec = atMost(
  SLOT_ID_MAX_LENGTH,
  new t.Type<SlotId, string, unknown>(
    SLOT_ID_EXPECTED,
    (u): u is SlotId => typeof u === 'string' && SLOT_ID_PATTERN.test(u),
    (u, context) => (typeof u === 'string' && SLOT_ID_PATTERN.test(u) ? t.success(u as SlotId) : t.failure(u, context)),
    String,
  ),
);

const AppointmentIdCodec = atMost(APPOINTMENT_ID_MAX_LENGTH, nonEmptyString('an appointment id'));

export const HoldRequest = t.type({ slotId: SlotIdCodec, phoneNumber: PhoneNumberCodec });
export const ConfirmRequest = HoldRequest;
export const CancelRequest = t.type({ phoneNumber: PhoneNumberCodec });
export const RescheduleRequest = t.type({ phoneNumber: PhoneNumberCodec, newSlotId: SlotIdCodec });
export const ResolveCallbackRequest = t.type({ phoneNumber: PhoneNumberCodec });
export const NoQuery = t.type({});
/** `/appointments/{id}/…`. */
export const AppointmentPath = t.type({ id: AppointmentIdCodec });

const text = (name: string) => t.union([t.undefined, t.string], name);
/** A clinic-local day, or a span of instants, and a provider: how a list of slots or appointments is asked for. */
const span = {
  date: text(CALENDAR_DATE_EXPECTED),
  from: text('an ISO-8601 date-time with offset, e.g. 2026-03-02T09:00:00-05:00'),
  to: text('an ISO-8601 date-time with offset, e.g. 2026-03-02T17:00:00-05:00'),
  // The string first: its length is what the error names.
  providerId: t.union([atMost(PROVIDER_ID_MAX_LENGTH, t.string), t.undefined], 'a provider id'),
};
export const SlotsQuery = t.type({
  ...span,
  status: t.union([t.undefined, t.literal('available')], '"available" or nothing'),
});
/** A patient's appointments (`phoneNumber`), or, for the front desk, everyone's in a span. */
export const AppointmentsQuery = t.type({
  ...span,
  phoneNumber: t.union([t.undefined, PhoneNumberCodec], 'an E.164 phone number such as +15551234567'),
});
/** The span a console watches for live updates: both ends, as instants. */
export const EventsQuery = t.type({
  from: nonEmptyString('an ISO-8601 date-time with offset, e.g. 2026-03-02T00:00:00-05:00'),
  to: nonEmptyString('an ISO-8601 date-time with offset, e.g. 2026-03-09T00:00:00-05:00'),
});
/** `/patients/{phoneNumber}`, the `+` written `%2B`. */
export const PatientPath = t.type({ phoneNumber: PhoneNumberCodec });

/** A name as staff type it, kept as patient-name.ts cleans it: what is left must be a name of at most its length. */
const PatientNameCodec = new t.Type<string, string, unknown>(
  PATIENT_NAME_EXPECTED,
  (u): u is string => patientNameOf(u) === u,
  (u, context) => {
    const name = patientNameOf(u);
    return name === undefined ? t.failure(u, context) : t.success(name);
  },
  String,
);
export const PatientNameRequest = t.type({ name: PatientNameCodec });

/** Which time staff block or unblock: exactly one of `slotId`, `date` (to `toDate`), or `from` and `to`. */
const selection = {
  slotId: t.union([SlotIdCodec, t.undefined], SLOT_ID_EXPECTED),
  ...span,
  toDate: text(CALENDAR_DATE_EXPECTED),
};
export const BlockRequest = t.type({
  ...selection,
  reason: t.union([atMost(BLOCK_REASON_MAX_LENGTH, nonEmptyString('a reason staff will read')), t.undefined]),
  booked: t.union([t.undefined, t.literal('refuse'), t.literal('cancel')], '"refuse" or "cancel"'),
});
export const UnblockRequest = t.type(selection);

/**
 * Decodes a body or query, rejecting fields the endpoint does not know: a misspelt field is far more
 * likely a client bug than something to ignore silently.
 */
export function decodeRequest<P extends t.Props>(
  codec: t.TypeC<P>,
  input: unknown,
  where: 'body' | 'query' | 'path',
): t.TypeOf<t.TypeC<P>> {
  const known = Object.keys(codec.props);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HttpError(400, 'INVALID_REQUEST', `${where}: expected a JSON object with ${known.join(', ')}`);
  }
  const problems = Object.keys(input)
    .filter((key) => !known.includes(key))
    .map((key) => `${key}: unknown field; expected ${known.length > 0 ? `only ${known.join(', ')}` : 'none'}`);
  const decoded = codec.decode(input);
  if (isLeft(decoded)) problems.unshift(...describeErrors(decoded.left));
  if (problems.length > 0 || isLeft(decoded)) throw new HttpError(400, 'INVALID_REQUEST', problems.join('; '));
  return decoded.right;
}
