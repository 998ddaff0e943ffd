import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ListableSlot } from '../../ports/booking-store.js';

/** Enough for every day and provider a clinic's staff and patients look at between two changes. */
const MOST_LISTINGS = 256;

/**
 * The listings a store read from its connection, kept while the file is unchanged. Two numbers tell
 * that it is: `PRAGMA data_version`, which moves when any other connection, in this process or
 * another, commits to the file, and `total_changes()`, which counts every row this connection has
 * written, whichever store wrote it (a rolled-back write too, which only costs a read). They are read
 * before the listing they check: a commit that lands between the two reads moves them for the next
 * listing, so a listing is never kept under numbers newer than what it holds. Reading them takes a
 * read transaction, about a sixth of what a day's listing costs.
 */
export class ListingCache {
  private readonly stamp: StatementSync;
  private dataVersion = -1;
  private changes = -1;
  private readonly listings = new Map<string, readonly ListableSlot[]>();

  constructor(db: DatabaseSync) {
    this.stamp = db.prepare('SELECT data_version, total_changes() FROM pragma_data_version');
    this.stamp.setReturnArrays(true);
  }

  /** The listing kept under `key` if the file is unchanged since it was read, or the one `read` reads now. */
  listing(key: string, read: () => readonly ListableSlot[]): readonly ListableSlot[] {
    const [dataVersion, changes] = this.stamp.get() as unknown as [number, number];
    if (dataVersion !== this.dataVersion || changes !== this.changes) {
      this.listings.clear();
      this.dataVersion = dataVersion;
      this.changes = changes;
    }
    const kept = this.listings.get(key);
    if (kept) return kept;
    if (this.listings.size >= MOST_LISTINGS) this.listings.clear();
    const listing = read();
    this.listings.set(key, listing);
    return listing;
  }
}
