import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { OptOuts } from '../../ports/opt-outs.js';
import { retryWhileBusy } from './busy-retry.js';
import { openDatabase } from './database.js';

export class SqliteOptOuts implements OptOuts {
  private readonly db: DatabaseSync;
  private readonly statements: Record<'find' | 'add' | 'remove', StatementSync>;

  constructor(path: string) {
    this.db = openDatabase(path);
    // Asked on every inbound text and every send: prepared once.
    this.statements = {
      find: this.db.prepare('SELECT 1 FROM opt_outs WHERE phone_number = ?'),
      add: this.db.prepare('INSERT OR IGNORE INTO opt_outs (phone_number, opted_out_ms) VALUES (?, ?)'),
      remove: this.db.prepare('DELETE FROM opt_outs WHERE phone_number = ?'),
    };
  }

  async isOptedOut(patient: PhoneNumber): Promise<boolean> {
    return (await retryWhileBusy(() => this.statements.find.get(patient))) !== undefined;
  }

  async optOut(patient: PhoneNumber, now: number): Promise<void> {
    await retryWhileBusy(() => this.statements.add.run(patient, now));
  }

  async optIn(patient: PhoneNumber): Promise<void> {
    await retryWhileBusy(() => this.statements.remove.run(patient));
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
