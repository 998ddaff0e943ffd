import type { ClinicId } from '../../domain/clinic.js';
import { lastsAt, type StaffSession, type StaffSessions } from '../../ports/staff-sessions.js';

export class InMemoryStaffSessions implements StaffSessions {
  private readonly byHash = new Map<string, StaffSession>();

  async add(session: StaffSession, hash: string): Promise<void> {
    this.byHash.set(hash, { ...session });
  }

  async find(hash: string, now: number): Promise<StaffSession | undefined> {
    const session = this.byHash.get(hash);
    if (!session) return undefined;
    // An ended session is dropped when it is next looked for: nothing else would ever read it.
    if (!lastsAt(session, now)) {
      this.byHash.delete(hash);
      return undefined;
    }
    return { ...session };
  }

  async touch(hash: string, idleUntil: number): Promise<void> {
    const session = this.byHash.get(hash);
    if (session) session.idleUntil = idleUntil;
  }

  async remove(hash: string): Promise<void> {
    this.byHash.delete(hash);
  }

  async removeAllOf(clinicId: ClinicId, staffId: string): Promise<void> {
    for (const [hash, session] of this.byHash)
      if (session.clinicId === clinicId && session.staffId === staffId) this.byHash.delete(hash);
  }

  async close(): Promise<void> {}
}
