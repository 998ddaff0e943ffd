import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { isPhoneNumber, PHONE_NUMBER_EXPECTED } from '../src/domain/phone-number.js';

/**
 * A codec whose name says, in words, what a valid value looks like: error messages quote it. With
 * `partsFirst`, a value its base refuses is refused for the parts' own reasons (a list for its bad item).
 * A type guard for `valid` makes the codec's type the guarded one (a branded id).
 */
export function refine<A, B extends A>(
  name: string,
  base: t.Type<A, unknown, unknown>,
  valid: (value: A) => value is B,
  partsFirst?: boolean,
): t.Type<B, B, unknown>;
export function refine<A>(
  name: string,
  base: t.Type<A, unknown, unknown>,
  valid: (value: A) => boolean,
  partsFirst?: boolean,
): t.Type<A, A, unknown>;
export function refine<A>(
  name: string,
  base: t.Type<A, unknown, unknown>,
  valid: (value: A) => boolean,
  partsFirst = false,
): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => base.is(u) && valid(u),
    (u, context) => {
      const decoded = base.validate(u, context);
      if (partsFirst && isLeft(decoded)) return decoded;
      return isRight(decoded) && valid(decoded.right) ? t.success(decoded.right) : t.failure(u, context);
    },
    (a) => a,
  );
}

export const integer = (min: number, max: number, name = `an integer from ${min} to ${max}`) =>
  refine(name, t.number, (n) => Number.isInteger(n) && n >= min && n <= max);

/** Environment variables are strings: this reads an integer out of one. */
export const integerFromString = (min: number, max: number) =>
  new t.Type<number, string, unknown>(
    `an integer from ${min} to ${max}`,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, context) => {
      const n = typeof u === 'string' && /^\d+$/.test(u.trim()) ? Number(u) : Number.NaN;
      return Number.isInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, context);
    },
    String,
  );

export const nonEmptyString = (name: string) => refine(name, t.string, (s) => s.trim().length > 0);

/** A number as it is configured and stored: E.164 to the letter, nothing cleaned up. */
export const phoneNumber = refine(PHONE_NUMBER_EXPECTED, t.string, isPhoneNumber);

/**
 * An object with these fields and no others, as the API reads a request: a misspelt key is refused,
 * naming the fields there are, never silently ignored (a weekday spelt `munday` would close Mondays).
 */
export function strictObject<R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
): t.Type<t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>, unknown, unknown> {
  const known = [...Object.keys(required), ...Object.keys(optional)];
  const members = [t.type(required), t.partial(optional)] as const;
  type A = t.TypeOf<t.TypeC<R>> & t.TypeOf<t.PartialC<O>>;
  return new t.Type<A, unknown, unknown>(
    name,
    (u): u is A =>
      members.every((member) => member.is(u)) && Object.keys(u as object).every((key) => known.includes(key)),
    (u, context) => {
      if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, context);
      const errors: t.Errors = Object.keys(u)
        .filter((key) => !known.includes(key))
        .map((key) => ({
          value: undefined,
          context: [...context, { key, type: t.never, actual: undefined }],
          message: `no such field: one of ${known.join(', ')}`,
        }));
      // Each part reads `u` in this object's own context, so a field's path is never numbered by the parts.
      const value: Record<string, unknown> = {};
      for (const member of members) {
        const decoded = member.validate(u, context);
        if (isLeft(decoded)) errors.push(...decoded.left);
        else Object.assign(value, decoded.right);
      }
      return errors.length > 0 ? t.failures(errors) : t.success(value as A);
    },
    (a) => a,
  );
}
