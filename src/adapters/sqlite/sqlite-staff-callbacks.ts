import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Channel } from '../../domain/channel.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { StaffCallback } from '../../domain/staff-callback.js';
import type { StaffCallbacks } from '../../ports/staff-callbacks.js';
import { retryWhileBusy } from './busy-retry.js';
import { openDatabase } from './database.js';

interface CallbackRow {
  phone_number: string;
  reason: string;
  channel: string;
  first_ms: number;
  last_ms: number;
  times: number;
}

export class SqliteStaffCallbacks implements StaffCallbacks {
  private readonly db: DatabaseSync;
  private readonly statements: Record<'request' | 'open' | 'resolve', StatementSync>;

  constructor(path: string) {
    this.db = openDatabase(path);
    this.statements = {
      // One statement, so two servers asking at once for one patient both count.
      request: this.db.prepare(
        `INSERT INTO staff_callbacks (phone_number, reason, channel, first_ms, last_ms, times) VALUES (?, ?, ?, ?, ?, 1)
         ON CONFLICT (phone_number) DO UPDATE SET reason = excluded.reason, channel = excluded.channel, last_ms = excluded.last_ms, times = times + 1`,
      ),
      open: this.db.prepare('SELECT * FROM staff_callbacks ORDER BY first_ms, phone_number'),
      resolve: this.db.prepare('DELETE FROM staff_callbacks WHERE phone_number = ?'),
    };
  }

  async request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void> {
    await retryWhileBusy(() => this.statements.request.run(patient, reason, channel, now, now));
  }

  async open(): Promise<StaffCallback[]> {
    const rows = await retryWhileBusy(() => this.statements.open.all());
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
    return Number((await retryWhileBusy(() => this.statements.resolve.run(patient))).changes) > 0;
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
