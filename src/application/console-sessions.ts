import type { StaffMember } from '../domain/staff.js';
import type { Clock } from '../ports/clock.js';
import type { SecretTokens } from '../ports/secret-tokens.js';
import type { StaffSession, StaffSessions } from '../ports/staff-sessions.js';

/** How long a console session lasts: at most `lifetimeMs` from sign-in, and `idleMs` past its last use. */
export interface SessionLifetimes {
  lifetimeMs: number;
  idleMs: number;
}

/**
 * A use moves a session's idle end only once it has aged this much: otherwise every request of a busy
 * console would be a write, for a minute's difference in when an idle session ends.
 */
const TOUCH_AFTER_MS = 60_000;

/** Staff members' console sessions: begun at sign-in, found by the cookie's token, ended at sign-out. */
export class ConsoleSessions {
  constructor(
    private readonly sessions: StaffSessions,
    private readonly secrets: SecretTokens,
    private readonly clock: Clock,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /** A new session for `staff`: its token goes in the cookie, and only its hash is kept. */
  async begin({ clinicId, staffId, role }: StaffMember): Promise<{ token: string; session: StaffSession }> {
    const { token, hash } = this.secrets.mint();
    const now = this.clock.now();
    const expiresAt = now + this.lifetimes.lifetimeMs;
    const session: StaffSession = {
      clinicId,
      staffId,
      role,
      csrfToken: this.secrets.mint().token,
      expiresAt,
      idleUntil: Math.min(now + this.lifetimes.idleMs, expiresAt),
    };
    await this.sessions.add(session, hash);
    return { token, session };
  }

  /** The session a cookie's token names, while it lasts; its use keeps it from ending idle. */
  async current(token: string): Promise<StaffSession | undefined> {
    const hash = this.secrets.hash(token);
    const now = this.clock.now();
    const session = await this.sessions.find(hash, now);
    if (!session) return undefined;
    const idleUntil = Math.min(now + this.lifetimes.idleMs, session.expiresAt);
    if (idleUntil - session.idleUntil >= TOUCH_AFTER_MS) {
      await this.sessions.touch(hash, idleUntil);
      return { ...session, idleUntil };
    }
    return session;
  }

  async end(token: string): Promise<void> {
    await this.sessions.remove(this.secrets.hash(token));
  }
}
