import type { StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { OptOuts } from '../../ports/opt-outs.js';
import { retryWhileBusy } from './busy-retry.js';
import { type Connection, connect } from './shared-connection.js';

/** One clinic's opt-outs: a patient's STOP to one clinic leaves the texts of another as they were. */
export class SqliteOptOuts implements OptOuts {
  private readonly connection: Connection;
  private readonly statements: Record<'find' | 'add' | 'remove', StatementSync>;

  constructor(
    path: string,
    private readonly clinicId: ClinicId,
  ) {
    this.connection = connect(path);
    const { db } = this.connection;
    // Asked on every inbound text and every send: prepared once.
    this.statements = {
      find: db.prepare('SELECT 1 FROM opt_outs WHERE clinic_id = ? AND phone_number = ?'),
      add: db.prepare('INSERT OR IGNORE INTO opt_outs (clinic_id, phone_number, opted_out_ms) VALUES (?, ?, ?)'),
      remove: db.prepare('DELETE FROM opt_outs WHERE clinic_id = ? AND phone_number = ?'),
    };
  }

  async isOptedOut(patient: PhoneNumber): Promise<boolean> {
    return (await retryWhileBusy(() => this.statements.find.get(this.clinicId, patient))) !== undefined;
  }

  async optOut(patient: PhoneNumber, now: number): Promise<void> {
    await retryWhileBusy(() => this.statements.add.run(this.clinicId, patient, now));
  }

  async optIn(patient: PhoneNumber): Promise<void> {
    await retryWhileBusy(() => this.statements.remove.run(this.clinicId, patient));
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
