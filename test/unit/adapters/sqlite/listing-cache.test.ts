import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import { ListingCache } from '../../../../src/adapters/sqlite/listing-cache.js';
import { WalIndexHeader } from '../../../../src/adapters/sqlite/wal-index-header.js';
import type { SlotId } from '../../../../src/domain/slot.js';
import type { ListableSlot } from '../../../../src/ports/booking-store.js';
import { asAnotherServer } from '../../../support/sqlite-paths.js';

describe('what tells a SQLite listing it may be answered again', () => {
  let directory: string;
  let path: string;
  let ours: DatabaseSync;
  let theirs: DatabaseSync;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'listing-cache-'));
    path = join(directory, 'clinic.sqlite');
    ours = new DatabaseSync(path);
    ours.exec(
      "PRAGMA journal_mode = WAL; CREATE TABLE slots (slot_id TEXT PRIMARY KEY, status TEXT); INSERT INTO slots VALUES ('0900', 'AVAILABLE')",
    );
    theirs = new DatabaseSync(asAnotherServer(path));
  });
  afterEach(() => {
    theirs.close();
    ours.close();
    rmSync(directory, { recursive: true, force: true });
  });

  /** The slots as `db` reads them now, as a listing of its own. */
  const reading = (db: DatabaseSync) => () =>
    Object.freeze(
      db
        .prepare('SELECT slot_id, status FROM slots')
        .all()
        .map(
          (row): ListableSlot => ({
            slotId: row.slot_id as SlotId,
            start: 0,
            end: 1,
            status: row.status as ListableSlot['status'],
          }),
        ),
    );
  const statusIn = (listing: readonly ListableSlot[]) => listing.map((slot) => slot.status);

  describe('the WAL-index header', () => {
    it('is found for a file this process has open in WAL mode, and not for a private database', () => {
      expect(WalIndexHeader.of(path)).to.not.equal(undefined);
      expect(WalIndexHeader.of(asAnotherServer(path))).to.not.equal(undefined);
      expect(WalIndexHeader.of(':memory:')).to.equal(undefined);
    });

    it('changes with every commit of another connection, and not with reads', () => {
      const header = WalIndexHeader.of(path)!;
      const before = Buffer.from(header.now()!);
      ours.prepare('SELECT * FROM slots').all();
      theirs.prepare('SELECT * FROM slots').all();
      expect(header.now()!.equals(before)).to.equal(true);
      theirs.exec("UPDATE slots SET status = 'HELD'");
      const once = Buffer.from(header.now()!);
      expect(once.equals(before)).to.equal(false);
      theirs.exec("UPDATE slots SET status = 'BOOKED'");
      expect(header.now()!.equals(once)).to.equal(false);
    });
  });

  for (const [how, pathGiven] of [
    ['read from the WAL-index header', () => path],
    ['asked of SQLite where the header cannot be found', () => join(directory, 'nowhere.sqlite')],
  ] as const) {
    describe(`with other connections' commits ${how}`, () => {
      it('answers the kept listing while nothing was written, and reads again after any commit', () => {
        const cache = new ListingCache(ours, pathGiven());
        const first = cache.listing('day', reading(ours));
        expect(cache.listing('day', reading(ours))).to.equal(first);

        theirs.exec("UPDATE slots SET status = 'HELD'");
        expect(statusIn(cache.listing('day', reading(ours)))).to.deep.equal(['HELD']);

        ours.exec("UPDATE slots SET status = 'BOOKED'");
        const booked = cache.listing('day', reading(ours));
        expect(statusIn(booked)).to.deep.equal(['BOOKED']);
        expect(cache.listing('day', reading(ours))).to.equal(booked);
      });
    });
  }
});
