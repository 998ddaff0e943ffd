import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ListableSlot } from '../../ports/booking-store.js';
import { WalIndexHeader } from './wal-index-header.js';

/** Enough for every day and provider a clinic's staff and patients look at between two changes. */
const MOST_LISTINGS = 256;

/**
 * The listings a store read from its connection, kept while the file is unchanged, which is checked
 * before every listing answered. Two things tell that it is: `total_changes()`, which counts every
 * row this connection has written, whichever store wrote it (a rolled-back write too, which only
 * costs a read), and, for the commits of every other connection, in this process or another, the
 * file's WAL-index header (WalIndexHeader), or where it cannot be read `PRAGMA data_version`, which
 * SQLite derives from that header at the cost of a read transaction. Both are read before the
 * listing they check: a commit that lands between the two reads changes them for the next listing,
 * so a listing is never kept under a state older than what it holds.
 */
export class ListingCache {
  private readonly changes: StatementSync;
  private readonly dataVersion: StatementSync;
  private header: WalIndexHeader | undefined;
  /** What the listings kept were checked against; undefined: nothing to compare, so no listing is kept. */
  private checked: { changes: number; header?: Buffer; dataVersion?: number } | undefined;
  private readonly listings = new Map<string, readonly ListableSlot[]>();

  constructor(db: DatabaseSync, path: string) {
    this.changes = db.prepare('SELECT total_changes()');
    this.changes.setReturnArrays(true);
    this.dataVersion = db.prepare('PRAGMA data_version');
    this.dataVersion.setReturnArrays(true);
    this.header = WalIndexHeader.of(path);
  }

  /** The listing kept under `key` if the file is unchanged since it was read, or the one `read` reads now. */
  listing(key: string, read: () => readonly ListableSlot[]): readonly ListableSlot[] {
    if (!this.unchanged()) this.listings.clear();
    const kept = this.listings.get(key);
    if (kept) return kept;
    if (this.listings.size >= MOST_LISTINGS) this.listings.clear();
    const listing = read();
    this.listings.set(key, listing);
    return listing;
  }

  /**
   * The store is closing: its connection may close with it, and SQLite's descriptor the header is
   * read through, whose number may then be given to another file. Nothing is read through it again.
   */
  close(): void {
    this.header = undefined;
    this.checked = undefined;
    this.listings.clear();
  }

  /** Whether the file is as it was at the last check, which is now this one. */
  private unchanged(): boolean {
    const [changes] = this.changes.get() as unknown as [number];
    const before = this.checked;
    if (this.header) {
      const header = this.header.now();
      const same = header !== undefined && before?.changes === changes && before.header!.equals(header);
      // A header caught half written is no answer: nothing is kept until one is read whole.
      if (!same) this.checked = header && { changes, header: Buffer.from(header) };
      return same;
    }
    const [dataVersion] = this.dataVersion.get() as unknown as [number];
    const same = before?.changes === changes && before.dataVersion === dataVersion;
    if (!same) this.checked = { changes, dataVersion };
    return same;
  }
}
