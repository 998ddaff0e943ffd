import { fail, ok, type Result } from '../domain/result.js';
import {
  afterFailure,
  isLocked,
  memberOf,
  normaliseEmail,
  type SignInFailures,
  type StaffMember,
} from '../domain/staff.js';
import type { Clock } from '../ports/clock.js';
import type { PasswordHasher } from '../ports/password-hasher.js';
import type { StaffAccounts } from '../ports/staff-accounts.js';
import type { StaffSession } from '../ports/staff-sessions.js';
import type { ConsoleSessions } from './console-sessions.js';

export type SignInRefusal = { code: 'INVALID_CREDENTIALS' } | { code: 'ACCOUNT_LOCKED'; retryAfterMs: number };

export interface SignedIn {
  staff: StaffMember;
  token: string;
  session: StaffSession;
}

/** Emails no account has, whose failures are counted (per server) so that they lock as an account does. */
const UNKNOWN_EMAILS_KEPT = 10_000;

/**
 * Sign-in by email and password. An email no account has is answered as a wrong password is, after
 * as long (its password is checked against a hash that belongs to no account), and it locks after as
 * many failures: its failures are counted in this server's memory, since storing them would let
 * anyone fill the store by guessing emails. So neither the answer, nor its time, nor a lock tells
 * whether an email has an account; only a lock outlasting a restart, or one server's lock missing on
 * another, could hint at it.
 */
export class SignIn {
  private readonly unknownEmails = new Map<string, SignInFailures>();
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly accounts: StaffAccounts,
    private readonly hasher: PasswordHasher,
    private readonly sessions: ConsoleSessions,
    private readonly clock: Clock,
  ) {}

  async execute(email: string, password: string): Promise<Result<SignedIn, SignInRefusal>> {
    const normalised = normaliseEmail(email);
    const account = await this.accounts.byEmail(normalised);
    const now = this.clock.now();
    const failures = account ?? this.unknownEmails.get(normalised) ?? { failures: 0 };
    if (isLocked(failures, now)) return fail({ code: 'ACCOUNT_LOCKED', retryAfterMs: failures.lockedUntil! - now });
    // Made once, at the cost every hash has; what it was made from does not matter, as no account goes with it.
    this.dummyHash ??= this.hasher.hash('');
    const matches = await this.hasher.verify(password, account?.passwordHash ?? (await this.dummyHash));
    if (!account || !matches) {
      if (account) await this.accounts.recordFailure(account.clinicId, account.staffId, now);
      else this.countUnknown(normalised, failures, now);
      return fail({ code: 'INVALID_CREDENTIALS' });
    }
    if (account.failures > 0) await this.accounts.clearFailures(account.clinicId, account.staffId);
    const staff = memberOf(account);
    const { token, session } = await this.sessions.begin(staff);
    // Removed while the password was checked: the removal has already ended every session it could find.
    if (!(await this.accounts.byId(account.clinicId, account.staffId))) {
      await this.sessions.end(token);
      return fail({ code: 'INVALID_CREDENTIALS' });
    }
    return ok({ staff, token, session });
  }

  private countUnknown(email: string, failures: SignInFailures, now: number) {
    this.unknownEmails.delete(email);
    // The oldest first: a Map iterates in insertion order, and each failure re-inserts its email.
    if (this.unknownEmails.size >= UNKNOWN_EMAILS_KEPT)
      this.unknownEmails.delete(this.unknownEmails.keys().next().value!);
    this.unknownEmails.set(email, afterFailure(failures, now));
  }
}
