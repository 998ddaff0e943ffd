import type { ClinicId } from '../../domain/clinic.js';
import { afterFailure, memberOf, type SignInFailures, type StaffMember } from '../../domain/staff.js';
import type { StaffAccount, StaffAccounts } from '../../ports/staff-accounts.js';

export class InMemoryStaffAccounts implements StaffAccounts {
  private readonly byEmailKey = new Map<string, StaffAccount>();

  async add(member: StaffMember, passwordHash: string): Promise<boolean> {
    if (this.byEmailKey.has(member.email)) return false;
    this.byEmailKey.set(member.email, { ...member, passwordHash, failures: 0 });
    return true;
  }

  async byEmail(email: string): Promise<StaffAccount | undefined> {
    const account = this.byEmailKey.get(email);
    return account && { ...account };
  }

  async byId(clinicId: ClinicId, staffId: string): Promise<StaffAccount | undefined> {
    const account = this.find(clinicId, staffId);
    return account && { ...account };
  }

  async list(clinicId: ClinicId): Promise<StaffMember[]> {
    return [...this.byEmailKey.values()]
      .filter((account) => account.clinicId === clinicId)
      .map(memberOf)
      .sort((a, b) => a.name.localeCompare(b.name) || a.staffId.localeCompare(b.staffId));
  }

  async recordFailure(clinicId: ClinicId, staffId: string, now: number): Promise<SignInFailures | undefined> {
    const account = this.find(clinicId, staffId);
    if (!account) return undefined;
    const { failures, lockedUntil } = afterFailure(account, now);
    account.failures = failures;
    if (lockedUntil !== undefined) account.lockedUntil = lockedUntil;
    return {
      failures: account.failures,
      ...(account.lockedUntil === undefined ? {} : { lockedUntil: account.lockedUntil }),
    };
  }

  async clearFailures(clinicId: ClinicId, staffId: string): Promise<void> {
    const account = this.find(clinicId, staffId);
    if (account) account.failures = 0;
  }

  async remove(clinicId: ClinicId, staffId: string): Promise<boolean> {
    const account = this.find(clinicId, staffId);
    return account ? this.byEmailKey.delete(account.email) : false;
  }

  async close(): Promise<void> {}

  private find(clinicId: ClinicId, staffId: string): StaffAccount | undefined {
    return [...this.byEmailKey.values()].find((a) => a.clinicId === clinicId && a.staffId === staffId);
  }
}
