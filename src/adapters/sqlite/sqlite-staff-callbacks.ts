import type { StatementSync } from 'node:sqlite';
import type { Channel } from '../../domain/channel.js';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { Handoff, StaffCallback } from '../../domain/staff-callback.js';
import { HANDOFFS_KEPT_DAYS, type StaffCallbacks } from '../../ports/staff-callbacks.js';
import { retryWhileBusy } from './busy-retry.js';
import { inTransaction } from './database.js';
import { type Connection, connect } from './shared-connection.js';

const KEPT_MS = HANDOFFS_KEPT_DAYS * 86_400_000;

interface CallbackRow {
  phone_number: string;
  reason: string;
  channel: string;
  first_ms: number;
  last_ms: number;
  times: number;
}

interface HandoffRow {
  at_ms: number;
  channel: string;
}

/** One clinic's callbacks, for its own staff: a patient asking two clinics has a request open at each. */
export class SqliteStaffCallbacks implements StaffCallbacks {
  private readonly connection: Connection;
  private readonly statements: Record<
    'request' | 'handoff' | 'forgetHandoffs' | 'open' | 'resolve' | 'handoffsBetween',
    StatementSync
  >;

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
      handoff: db.prepare('INSERT INTO handoffs (clinic_id, at_ms, channel) VALUES (?, ?, ?)'),
      forgetHandoffs: db.prepare('DELETE FROM handoffs WHERE clinic_id = ? AND at_ms < ?'),
      open: db.prepare('SELECT * FROM staff_callbacks WHERE clinic_id = ? ORDER BY first_ms, phone_number'),
      resolve: db.prepare('DELETE FROM staff_callbacks WHERE clinic_id = ? AND phone_number = ?'),
      handoffsBetween: db.prepare(
        'SELECT at_ms, channel FROM handoffs WHERE clinic_id = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms, rowid',
      ),
    };
  }

  /**
   * The request and its hand-off in one transaction, so neither is kept without the other; the
   * clinic's expired hand-offs go in it too, found by the index (usually none).
   */
  async request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void> {
    await retryWhileBusy(() =>
      inTransaction(this.connection.db, () => {
        this.statements.request.run(this.clinicId, patient, reason, channel, now, now);
        this.statements.handoff.run(this.clinicId, now, channel);
        this.statements.forgetHandoffs.run(this.clinicId, now - KEPT_MS);
      }),
    );
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

  async handoffsBetween(from: number, to: number): Promise<Handoff[]> {
    const rows = await retryWhileBusy(() => this.statements.handoffsBetween.all(this.clinicId, from, to));
    return (rows as unknown as HandoffRow[]).map((row) => ({ at: row.at_ms, channel: row.channel as Channel }));
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
