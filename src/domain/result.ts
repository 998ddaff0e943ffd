import type { DomainError } from './domain-error.js';

/** Expected outcomes of the clinic's rules are values, so callers cannot forget to handle them. */
export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
