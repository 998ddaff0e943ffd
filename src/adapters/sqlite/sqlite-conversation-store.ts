import type { StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import {
  type ConversationLimits,
  type ConversationTurn,
  conversationWindow,
  DEFAULT_CONVERSATION_LIMITS,
  type StampedTurn,
  stampedWindow,
} from '../../domain/conversation.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import { retryWhileBusy } from './busy-retry.js';
import { inTransaction } from './database.js';
import { type Connection, connect } from './shared-connection.js';

interface TurnRow {
  at_ms: number;
  turn_json: string;
}

/**
 * Each patient's turns, numbered in append order. An append is one `BEGIN IMMEDIATE` transaction,
 * which takes the write lock before reading the last number, so appends from other connections to
 * the same file never take the same place. The table stays bounded: each append keeps at most
 * `maxTurns` rows for its patient and deletes every row of its clinic older than `maxAgeMs`. A store is
 * one clinic's conversations: every statement names its clinic.
 */
export class SqliteConversationStore implements ConversationStore {
  private readonly connection: Connection;
  private readonly statements: Record<string, StatementSync>;

  constructor(
    path: string,
    private readonly clinicId: ClinicId,
    private readonly limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS,
  ) {
    this.connection = connect(path);
    const prepare = (sql: string) => this.connection.db.prepare(sql);
    this.statements = {
      turnsOf: prepare(
        'SELECT at_ms, turn_json FROM conversation_turns WHERE clinic_id = ? AND patient = ? ORDER BY seq',
      ),
      lastSeq: prepare('SELECT MAX(seq) AS seq FROM conversation_turns WHERE clinic_id = ? AND patient = ?'),
      insert: prepare(
        'INSERT INTO conversation_turns (clinic_id, patient, seq, at_ms, turn_json) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteUpTo: prepare('DELETE FROM conversation_turns WHERE clinic_id = ? AND patient = ? AND seq <= ?'),
      deleteStale: prepare('DELETE FROM conversation_turns WHERE clinic_id = ? AND at_ms <= ?'),
      forget: prepare('DELETE FROM conversation_turns WHERE clinic_id = ? AND patient = ?'),
    };
  }

  async recent(patient: PhoneNumber, now: number): Promise<ConversationTurn[]> {
    return conversationWindow(await this.turnsOf(patient), this.limits, now);
  }

  async recentStamped(patient: PhoneNumber, now: number): Promise<StampedTurn[]> {
    return stampedWindow(await this.turnsOf(patient), this.limits, now);
  }

  async append(patient: PhoneNumber, turns: readonly ConversationTurn[], now: number): Promise<void> {
    await retryWhileBusy(() =>
      inTransaction(this.connection.db, () => {
        const last = Number(this.statements.lastSeq!.get(this.clinicId, patient)?.seq ?? 0);
        for (const [i, turn] of turns.entries())
          this.statements.insert!.run(this.clinicId, patient, last + 1 + i, now, JSON.stringify(turn));
        this.statements.deleteUpTo!.run(this.clinicId, patient, last + turns.length - this.limits.maxTurns);
        this.statements.deleteStale!.run(this.clinicId, now - this.limits.maxAgeMs);
      }),
    );
  }

  async forget(patient: PhoneNumber): Promise<void> {
    await retryWhileBusy(() => this.statements.forget!.run(this.clinicId, patient));
  }

  async close(): Promise<void> {
    this.connection.release();
  }

  private async turnsOf(patient: PhoneNumber): Promise<StampedTurn[]> {
    const rows = (await retryWhileBusy(() =>
      this.statements.turnsOf!.all(this.clinicId, patient),
    )) as unknown as TurnRow[];
    return rows.map((row) => ({ at: row.at_ms, turn: JSON.parse(row.turn_json) as ConversationTurn }));
  }
}
