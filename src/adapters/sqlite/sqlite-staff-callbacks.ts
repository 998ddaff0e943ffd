import type { StatementSync } from 'node:sqlite';
import type { Channel } from '../../domain/channel.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { StaffCallback } from '../../domain/staff-callback.js';
import type { StaffCallbacks } from '../../ports/staff-callbacks.js';
import { retryWhileBusy } from './busy-retry.js';
import { type Connection, connect } from './shared-connection.js';

interface CallbackRow {
  phone_number: string;
  reason: string;
  channel: string;
  first_ms: number;
  last_ms: number;
  times: number;
}

/** One clinic's callbacks, for its own staff: a patient asking two clinics has a request open at each. */
export class SqliteStaffCallbacks implements StaffCallbacks {
  private readonly connection: Connection;
  private readonly statements: Record<'request' | 'open' | 'resolve', StatementSync>;

  constructor(
    path: string,
    private readonly clinicId: ClinicId,
  ) {
    this.connection = connect(path);
    const { db } = this.connection;
    this.statements = {
      // One statement, so two servers asking at once for one patient both count.
      request: db.prepare(
        `INSERT INTO staff_callbacks (clinic_id, phone_number, reason, channel, first_ms, last_ms, times) VALUES (?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (clinic_id, phone_number) DO UPDATE SET reason = excluded.reason, channel = excluded.channel, last_ms = excluded.last_ms, times = times + 1`,
      ),
      open: db.prepare('SELECT * FROM staff_callbacks WHERE clinic_id = ? ORDER BY first_ms, phone_number'),
      resolve: db.prepare('DELETE FROM staff_callbacks WHERE clinic_id = ? AND phone_number = ?'),
    };
  }

  async request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void> {
    await retryWhileBusy(() => this.statements.request.run(this.clinicId, patient, reason, channel, now, now));
  }

  async open(): Promise<StaffCallback[]> {
    const rows = await retryWhileBusy(() => this.statements.open.all(this.clinicId));
    return (rows as unknown as CallbackRow[]).map((row) => ({
      patient: row.phone_number as PhoneNumber,
      reason: row.reason,
      channel: row.channel as Channel,
      firstRequestedAt: row.first_ms,
      lastRequestedAt: row.last_ms,
      times: row.times,
    }));
  }

  async resolve(patient: PhoneNumber): Promise<boolean> {
    return Number((await retryWhileBusy(() => this.statements.resolve.run(this.clinicId, patient))).changes) > 0;
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
