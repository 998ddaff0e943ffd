import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreUnavailable } from '../../ports/store-unavailable.js';
import { isBusy } from './busy-retry.js';
import { CONNECTION_PRAGMAS, MIGRATIONS } from './schema.js';

/** SQLITE_CORRUPT and SQLITE_NOTADB: a truncated copy, or a file that never was a database. */
const NOT_A_DATABASE = new Set([11, 26]);

/** The file was written by a newer release, whose schema this one does not know: the server does not start on it. */
export class NewerSchemaError extends StoreUnavailable {
  constructor(path: string, found: number, known: number) {
    super(
      `${path}: its schema is version ${found}, from a newer release; this one knows up to version ${known}. Run the newer release, or restore a backup taken before the upgrade.`,
    );
  }
}

/**
 * Opens (creating its folder) a SQLite file and brings its schema up to the latest migration;
 * `:memory:` for a private one. The first store of the file opens it so, whichever it is (connect).
 * Opening may wait for the write lock, as servers starting together take turns at the migrations;
 * nothing is served yet. Once open, the connection never waits for a lock: SQLite's wait is a sleep
 * on the server's one thread, and even a few milliseconds of it, taken by each of many requests
 * retrying together, stalls every request and live call. A busy statement fails at once, in
 * microseconds, and is run again from a timer (retryWhileBusy).
 */
export function openDatabase(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    whileBusyAtOpening(() => {
      db.exec(CONNECTION_PRAGMAS);
      migrate(db, path);
    });
    db.exec('PRAGMA busy_timeout = 0');
  } catch (error) {
    db.close();
    const { errcode } = error as { errcode?: number };
    if (errcode === undefined || !NOT_A_DATABASE.has(errcode & 0xff)) throw error;
    throw new StoreUnavailable(
      `SQLITE_PATH: ${path} is not a usable SQLite database (${(error as Error).message}); restore it from a backup, or move it aside to start with an empty one`,
    );
  }
  return db;
}

/** How long processes starting together on one file may take turns at opening it. */
const OPENING_BUDGET_MS = 15_000;

/**
 * Runs `work` again while the file is busy. SQLite answers some lock requests busy at once, without
 * its busy timeout, where waiting could deadlock: two processes turning a new file to WAL together,
 * as the workers of one server do at their first start. Opening serves nothing yet, so it waits
 * here, a few milliseconds at a time; the pragmas and the migrations are each safe to run again.
 */
function whileBusyAtOpening(work: () => void): void {
  const deadline = performance.now() + OPENING_BUDGET_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      work();
      return;
    } catch (error) {
      if (!isBusy(error) || performance.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
    }
  }
}

const schemaVersion = (db: DatabaseSync) => Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);

/**
 * Applies the migrations newer than the file's `user_version` and records the last, all in one
 * `BEGIN IMMEDIATE` transaction: two processes opening an old file at once upgrade it once, and a
 * failed step leaves the file as it was. A file from a newer release is refused, not guessed at.
 */
function migrate(db: DatabaseSync, path: string): void {
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  const check = (found: number) => {
    if (found > latest) throw new NewerSchemaError(path, found, latest);
    return found;
  };
  if (check(schemaVersion(db)) === latest) return;
  inTransaction(db, () => {
    const found = check(schemaVersion(db));
    for (const migration of MIGRATIONS) if (migration.version > found) migration.up(db);
    if (found < latest) db.exec(`PRAGMA user_version = ${latest}`);
  });
}

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction, which takes the write lock before anything is
 * read, so it is atomic across processes sharing the file; while another connection holds the lock
 * it fails before doing anything. Kept only if `keep` says so and nothing threw.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T, keep: (result: T) => boolean = () => true): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec(keep(result) ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
