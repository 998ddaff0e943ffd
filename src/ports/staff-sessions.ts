import type { ClinicId } from '../domain/clinic.js';
import type { StaffRole } from '../domain/staff.js';

/** A signed-in staff member's session, and until when it lasts. */
export interface StaffSession {
  clinicId: ClinicId;
  staffId: string;
  role: StaffRole;
  /** What every request that changes something must carry besides the cookie (X-CSRF-Token). */
  csrfToken: string;
  /** Epoch ms: the session ends then, however busy. */
  expiresAt: number;
  /** Epoch ms: the session ends then unless used before (never later than `expiresAt`). */
  idleUntil: number;
}

/**
 * Staff sessions, kept by the SHA-256 of the session token (SecretTokens), as ClinicTokens keeps
 * tokens: a copy of the store holds no cookie anyone could sign in with.
 */
export interface StaffSessions {
  add(session: StaffSession, hash: string): Promise<void>;
  /**
   * The session with this hash while it lasts at `now` (before both its ends); an ended one is not
   * found, whether or not it is still kept. Looked up, not compared, as ClinicTokens.find is.
   */
  find(hash: string, now: number): Promise<StaffSession | undefined>;
  /** The session was used: it now lasts until `idleUntil` (if it is still kept). */
  touch(hash: string, idleUntil: number): Promise<void>;
  /** Signs a session out. */
  remove(hash: string): Promise<void>;
  /** Signs a staff member out everywhere: their account is removed. */
  removeAllOf(clinicId: ClinicId, staffId: string): Promise<void>;
  close(): Promise<void>;
}

export const lastsAt = (session: StaffSession, now: number): boolean =>
  now < session.expiresAt && now < session.idleUntil;
