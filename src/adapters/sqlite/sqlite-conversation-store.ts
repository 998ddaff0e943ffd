import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  type ConversationLimits,
  type ConversationTurn,
  conversationWindow,
  DEFAULT_CONVERSATION_LIMITS,
} from '../../domain/conversation.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { ConversationStore } from '../../ports/conversation-store.js';
import { retryWhileBusy } from './busy-retry.js';
import { inTransaction, openDatabase } from './database.js';

interface TurnRow {
  at_ms: number;
  turn_json: string;
}

/**
 * Each patient's turns, numbered in append order. An append is one `BEGIN IMMEDIATE` transaction,
 * which takes the write lock before reading the last number, so appends from other connections to
 * the same file never take the same place. The table stays bounded: each append keeps at most
 * `maxTurns` rows for its patient and deletes every row older than `maxAgeMs`.
 */
export class SqliteConversationStore implements ConversationStore {
  private readonly db: DatabaseSync;
  private readonly statements: Record<string, StatementSync>;

  constructor(
    path: string,
    private readonly limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS,
  ) {
    this.db = openDatabase(path);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      turnsOf: prepare('SELECT at_ms, turn_json FROM conversation_turns WHERE patient = ? ORDER BY seq'),
      lastSeq: prepare('SELECT MAX(seq) AS seq FROM conversation_turns WHERE patient = ?'),
      insert: prepare('INSERT INTO conversation_turns (patient, seq, at_ms, turn_json) VALUES (?, ?, ?, ?)'),
      deleteUpTo: prepare('DELETE FROM conversation_turns WHERE patient = ? AND seq <= ?'),
      deleteStale: prepare('DELETE FROM conversation_turns WHERE at_ms <= ?'),
      forget: prepare('DELETE FROM conversation_turns WHERE patient = ?'),
    };
  }

  async recent(patient: PhoneNumber, now: number): Promise<ConversationTurn[]> {
    const rows = (await retryWhileBusy(() => this.statements.turnsOf!.all(patient))) as unknown as TurnRow[];
    return conversationWindow(
      rows.map((row) => ({ at: row.at_ms, turn: JSON.parse(row.turn_json) as ConversationTurn })),
      this.limits,
      now,
    );
  }

  async append(patient: PhoneNumber, turns: readonly ConversationTurn[], now: number): Promise<void> {
    await retryWhileBusy(() =>
      inTransaction(this.db, () => {
        const last = Number(this.statements.lastSeq!.get(patient)?.seq ?? 0);
        for (const [i, turn] of turns.entries())
          this.statements.insert!.run(patient, last + 1 + i, now, JSON.stringify(turn));
        this.statements.deleteUpTo!.run(patient, last + turns.length - this.limits.maxTurns);
        this.statements.deleteStale!.run(now - this.limits.maxAgeMs);
      }),
    );
  }

  async forget(patient: PhoneNumber): Promise<void> {
    await retryWhileBusy(() => this.statements.forget!.run(patient));
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
