import type { ClinicId } from './clinic.js';

export const STAFF_ROLES = ['front-desk', 'manager'] as const;
/** A manager also adds and removes the clinic's staff; the front desk works the calendar. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A person of a clinic who signs in to the console by email and password. */
export interface StaffMember {
  staffId: string;
  clinicId: ClinicId;
  name: string;
  email: string;
  role: StaffRole;
}

/** A passphrase short enough to guess from a list of common ones is refused, whatever its hash costs. */
export const PASSWORD_MIN_LENGTH = 12;
/** Hashing is bounded too: a megabyte "password" would cost the server, not an attacker. */
export const PASSWORD_MAX_LENGTH = 1024;
export const PASSWORD_EXPECTED = `a password of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;

export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_EXPECTED = 'an email address such as ana@riverside.example';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An email as the deployment keeps it: sign-in finds a person by it, whatever case they type, and two
 * spellings of one address must never be two accounts.
 */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

export const isEmail = (email: string): boolean => email.length <= EMAIL_MAX_LENGTH && EMAIL.test(email);

export const isPassword = (password: string): boolean =>
  password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH;

/**
 * After this many failed sign-ins in a row an account is locked for `lockMs`: enough for a typo or
 * two, far too few to guess a password, and short enough that a locked-out colleague waits rather
 * than calls someone.
 */
export const LOCKOUT = { failures: 5, lockMs: 15 * 60_000 } as const;

/** The failed sign-ins in a row an account has had, and when its lock ends, if it is locked. */
export interface SignInFailures {
  failures: number;
  lockedUntil?: number;
}

/**
 * One more failed sign-in: the one that reaches the limit locks the account and starts the count
 * again, so the next lock needs as many failures again once this one ends.
 */
export function afterFailure({ failures }: SignInFailures, now: number): SignInFailures {
  const counted = failures + 1;
  return counted >= LOCKOUT.failures ? { failures: 0, lockedUntil: now + LOCKOUT.lockMs } : { failures: counted };
}

export const isLocked = ({ lockedUntil }: SignInFailures, now: number): boolean =>
  lockedUntil !== undefined && now < lockedUntil;

/** What of an account may be shown and passed around: never its password's hash nor its failures. */
export const memberOf = ({ staffId, clinicId, name, email, role }: StaffMember): StaffMember => ({
  staffId,
  clinicId,
  name,
  email,
  role,
});
