import type { ClinicId } from '../domain/clinic.js';
import type { StaffAccounts } from '../ports/staff-accounts.js';
import type { StaffSessions } from '../ports/staff-sessions.js';

/** A staff member leaves: their account goes, and every session they had ends with it. False when the clinic has no such member. */
export class RemoveStaffMember {
  constructor(
    private readonly accounts: StaffAccounts,
    private readonly sessions: StaffSessions,
  ) {}

  async execute(clinicId: ClinicId, staffId: string): Promise<boolean> {
    const removed = await this.accounts.remove(clinicId, staffId);
    // Their sessions end even when the account was already gone: a removal interrupted between the two steps is finished by the next.
    await this.sessions.removeAllOf(clinicId, staffId);
    return removed;
  }
}
