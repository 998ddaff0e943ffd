import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

/** A codec whose name says, in words, what a valid value looks like: error messages quote it. */
export function refine<A>(
  name: string,
  base: t.Type<A, unknown, unknown>,
  valid: (value: A) => boolean,
): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => base.is(u) && valid(u),
    (u, context) => {
      const decoded = base.validate(u, context);
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
