import type { CalendarFeed, CalendarFeeds } from '../../ports/calendar-feeds.js';

export class InMemoryCalendarFeeds implements CalendarFeeds {
  private readonly byHash = new Map<string, CalendarFeed>();

  async rotate(feed: CalendarFeed, hash: string): Promise<void> {
    for (const [kept, { clinicId, providerId }] of this.byHash) {
      if (clinicId === feed.clinicId && providerId === feed.providerId) this.byHash.delete(kept);
    }
    this.byHash.set(hash, { ...feed });
  }

  async find(hash: string): Promise<CalendarFeed | undefined> {
    const feed = this.byHash.get(hash);
    return feed && { ...feed };
  }

  async close(): Promise<void> {}
}
