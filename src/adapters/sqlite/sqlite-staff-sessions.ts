import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import type { StaffRole } from '../../domain/staff.js';
import { lastsAt, type StaffSession, type StaffSessions } from '../../ports/staff-sessions.js';
import { type Connection, connect } from './shared-connection.js';

interface SessionRow {
  clinic_id: string;
  staff_id: string;
  role: string;
  csrf_token: string;
  expires_ms: number;
  idle_until_ms: number;
}

export class SqliteStaffSessions implements StaffSessions {
  private readonly connection: Connection;
  private readonly db: DatabaseSync;
  private readonly statements: Record<'add' | 'find' | 'touch' | 'remove' | 'removeAllOf', StatementSync>;

  constructor(path: string) {
    this.connection = connect(path);
    this.db = this.connection.db;
    this.statements = {
      add: this.db.prepare(
        `INSERT INTO staff_sessions (session_hash, clinic_id, staff_id, role, csrf_token, expires_ms, idle_until_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      find: this.db.prepare(
        'SELECT clinic_id, staff_id, role, csrf_token, expires_ms, idle_until_ms FROM staff_sessions WHERE session_hash = ?',
      ),
      touch: this.db.prepare('UPDATE staff_sessions SET idle_until_ms = ? WHERE session_hash = ?'),
      remove: this.db.prepare('DELETE FROM staff_sessions WHERE session_hash = ?'),
      removeAllOf: this.db.prepare('DELETE FROM staff_sessions WHERE clinic_id = ? AND staff_id = ?'),
    };
  }

  async add(session: StaffSession, hash: string): Promise<void> {
    const { clinicId, staffId, role, csrfToken, expiresAt, idleUntil } = session;
    this.statements.add.run(hash, clinicId, staffId, role, csrfToken, expiresAt, idleUntil);
  }

  async find(hash: string, now: number): Promise<StaffSession | undefined> {
    const row = this.statements.find.get(hash) as SessionRow | undefined;
    if (!row) return undefined;
    const session: StaffSession = {
      clinicId: row.clinic_id as ClinicId,
      staffId: row.staff_id,
      role: row.role as StaffRole,
      csrfToken: row.csrf_token,
      expiresAt: row.expires_ms,
      idleUntil: row.idle_until_ms,
    };
    if (lastsAt(session, now)) return session;
    // An ended session is dropped when it is next looked for: nothing else would ever read it.
    this.statements.remove.run(hash);
    return undefined;
  }

  async touch(hash: string, idleUntil: number): Promise<void> {
    this.statements.touch.run(idleUntil, hash);
  }

  async remove(hash: string): Promise<void> {
    this.statements.remove.run(hash);
  }

  async removeAllOf(clinicId: ClinicId, staffId: string): Promise<void> {
    this.statements.removeAllOf.run(clinicId, staffId);
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
