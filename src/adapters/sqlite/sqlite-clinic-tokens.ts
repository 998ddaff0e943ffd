import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import type { ClinicToken, ClinicTokens } from '../../ports/clinic-tokens.js';
import { type Connection, connect } from './shared-connection.js';

interface TokenRow {
  token_id: string;
  clinic_id: string;
}

export class SqliteClinicTokens implements ClinicTokens {
  private readonly connection: Connection;
  private readonly db: DatabaseSync;
  private readonly statements: Record<'add' | 'find' | 'revoke', StatementSync>;

  constructor(path: string) {
    this.connection = connect(path);
    this.db = this.connection.db;
    this.statements = {
      add: this.db.prepare('INSERT INTO clinic_tokens (token_hash, token_id, clinic_id) VALUES (?, ?, ?)'),
      find: this.db.prepare('SELECT token_id, clinic_id FROM clinic_tokens WHERE token_hash = ?'),
      revoke: this.db.prepare('DELETE FROM clinic_tokens WHERE token_id = ? AND clinic_id = ?'),
    };
  }

  async add(token: ClinicToken, hash: string): Promise<void> {
    this.statements.add.run(hash, token.tokenId, token.clinicId);
  }

  async find(hash: string): Promise<ClinicToken | undefined> {
    const row = this.statements.find.get(hash) as TokenRow | undefined;
    return row && { tokenId: row.token_id, clinicId: row.clinic_id as ClinicId };
  }

  async revoke(clinicId: ClinicId, tokenId: string): Promise<boolean> {
    return Number(this.statements.revoke.run(tokenId, clinicId).changes) > 0;
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
