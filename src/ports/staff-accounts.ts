import type { ClinicId } from '../domain/clinic.js';
import type { SignInFailures, StaffMember } from '../domain/staff.js';

/** A staff member as kept: their password as its hash (PasswordHasher), and their failed sign-ins. */
export interface StaffAccount extends StaffMember, SignInFailures {
  passwordHash: string;
}

/**
 * The staff of every clinic. An email (normalised) is one account across the deployment, as sign-in
 * is by email alone and the account says the clinic.
 */
export interface StaffAccounts {
  /** False, and nothing kept, when another account has that email: two adding it at once, one wins. */
  add(member: StaffMember, passwordHash: string): Promise<boolean>;
  byEmail(email: string): Promise<StaffAccount | undefined>;
  /** Undefined for another clinic's staff: a clinic never reads another's. */
  byId(clinicId: ClinicId, staffId: string): Promise<StaffAccount | undefined>;
  /** A clinic's staff, by name. */
  list(clinicId: ClinicId): Promise<StaffMember[]>;
  /**
   * Counts one failed sign-in (domain `afterFailure`) as one atomic step, so failures made at once
   * are each counted and exactly one of them locks. What the account holds afterwards, or undefined
   * when it is gone.
   */
  recordFailure(clinicId: ClinicId, staffId: string, now: number): Promise<SignInFailures | undefined>;
  /** A sign-in succeeded: the count starts again. */
  clearFailures(clinicId: ClinicId, staffId: string): Promise<void>;
  /** False when that clinic has no such account. */
  remove(clinicId: ClinicId, staffId: string): Promise<boolean>;
  close(): Promise<void>;
}
