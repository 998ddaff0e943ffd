import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import { LOCKOUT, type SignInFailures, type StaffMember, type StaffRole } from '../../domain/staff.js';
import type { StaffAccount, StaffAccounts } from '../../ports/staff-accounts.js';
import { type Connection, connect } from './shared-connection.js';

interface AccountRow {
  clinic_id: string;
  staff_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  failures: number;
  locked_until_ms: number | null;
}

const memberOf = (row: AccountRow): StaffMember => ({
  staffId: row.staff_id,
  clinicId: row.clinic_id as ClinicId,
  name: row.name,
  email: row.email,
  role: row.role as StaffRole,
});

const failuresOf = (row: Pick<AccountRow, 'failures' | 'locked_until_ms'>): SignInFailures => ({
  failures: row.failures,
  ...(row.locked_until_ms === null ? {} : { lockedUntil: row.locked_until_ms }),
});

const accountOf = (row: AccountRow): StaffAccount => ({
  ...memberOf(row),
  passwordHash: row.password_hash,
  ...failuresOf(row),
});

const COLUMNS = 'clinic_id, staff_id, email, name, role, password_hash, failures, locked_until_ms';

export class SqliteStaffAccounts implements StaffAccounts {
  private readonly connection: Connection;
  private readonly db: DatabaseSync;
  private readonly statements: Record<
    'add' | 'byEmail' | 'byId' | 'list' | 'recordFailure' | 'clearFailures' | 'remove',
    StatementSync
  >;

  constructor(path: string) {
    this.connection = connect(path);
    this.db = this.connection.db;
    this.statements = {
      add: this.db.prepare(
        `INSERT INTO staff_accounts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, NULL) ON CONFLICT (email) DO NOTHING`,
      ),
      byEmail: this.db.prepare(`SELECT ${COLUMNS} FROM staff_accounts WHERE email = ?`),
      byId: this.db.prepare(`SELECT ${COLUMNS} FROM staff_accounts WHERE clinic_id = ? AND staff_id = ?`),
      list: this.db.prepare(`SELECT ${COLUMNS} FROM staff_accounts WHERE clinic_id = ? ORDER BY name, staff_id`),
      // The domain's afterFailure, as one statement, so that failures at once are each counted.
      recordFailure: this.db.prepare(
        `UPDATE staff_accounts SET
           failures = CASE WHEN failures + 1 >= $limit THEN 0 ELSE failures + 1 END,
           locked_until_ms = CASE WHEN failures + 1 >= $limit THEN $lockedUntil ELSE locked_until_ms END
         WHERE clinic_id = $clinicId AND staff_id = $staffId
         RETURNING failures, locked_until_ms`,
      ),
      clearFailures: this.db.prepare('UPDATE staff_accounts SET failures = 0 WHERE clinic_id = ? AND staff_id = ?'),
      remove: this.db.prepare('DELETE FROM staff_accounts WHERE clinic_id = ? AND staff_id = ?'),
    };
  }

  async add(member: StaffMember, passwordHash: string): Promise<boolean> {
    const { clinicId, staffId, email, name, role } = member;
    return Number(this.statements.add.run(clinicId, staffId, email, name, role, passwordHash).changes) > 0;
  }

  async byEmail(email: string): Promise<StaffAccount | undefined> {
    const row = this.statements.byEmail.get(email) as AccountRow | undefined;
    return row && accountOf(row);
  }

  async byId(clinicId: ClinicId, staffId: string): Promise<StaffAccount | undefined> {
    const row = this.statements.byId.get(clinicId, staffId) as AccountRow | undefined;
    return row && accountOf(row);
  }

  async list(clinicId: ClinicId): Promise<StaffMember[]> {
    return (this.statements.list.all(clinicId) as unknown as AccountRow[]).map(memberOf);
  }

  async recordFailure(clinicId: ClinicId, staffId: string, now: number): Promise<SignInFailures | undefined> {
    const row = this.statements.recordFailure.get({
      limit: LOCKOUT.failures,
      lockedUntil: now + LOCKOUT.lockMs,
      clinicId,
      staffId,
    }) as Pick<AccountRow, 'failures' | 'locked_until_ms'> | undefined;
    return row && failuresOf(row);
  }

  async clearFailures(clinicId: ClinicId, staffId: string): Promise<void> {
    this.statements.clearFailures.run(clinicId, staffId);
  }

  async remove(clinicId: ClinicId, staffId: string): Promise<boolean> {
    return Number(this.statements.remove.run(clinicId, staffId).changes) > 0;
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
