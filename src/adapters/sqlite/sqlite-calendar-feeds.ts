import type { StatementSync } from 'node:sqlite';
import type { ClinicId } from '../../domain/clinic.js';
import type { CalendarFeed, CalendarFeeds } from '../../ports/calendar-feeds.js';
import { retryWhileBusy } from './busy-retry.js';
import { type Connection, connect } from './shared-connection.js';

interface FeedRow {
  clinic_id: string;
  provider_id: string;
}

/** One row per provider, keyed by clinic and provider, found by its secret's hash (unique). */
export class SqliteCalendarFeeds implements CalendarFeeds {
  private readonly connection: Connection;
  private readonly statements: Record<'rotate' | 'find', StatementSync>;

  constructor(path: string) {
    this.connection = connect(path);
    const { db } = this.connection;
    this.statements = {
      // One statement: the old hash is replaced, never left beside the new one.
      rotate: db.prepare(
        `INSERT INTO calendar_feeds (clinic_id, provider_id, secret_hash) VALUES (?, ?, ?)
         ON CONFLICT (clinic_id, provider_id) DO UPDATE SET secret_hash = excluded.secret_hash`,
      ),
      find: db.prepare('SELECT clinic_id, provider_id FROM calendar_feeds WHERE secret_hash = ?'),
    };
  }

  async rotate(feed: CalendarFeed, hash: string): Promise<void> {
    await retryWhileBusy(() => this.statements.rotate.run(feed.clinicId, feed.providerId, hash));
  }

  async find(hash: string): Promise<CalendarFeed | undefined> {
    const row = (await retryWhileBusy(() => this.statements.find.get(hash))) as FeedRow | undefined;
    return row && { clinicId: row.clinic_id as ClinicId, providerId: row.provider_id };
  }

  async close(): Promise<void> {
    this.connection.release();
  }
}
