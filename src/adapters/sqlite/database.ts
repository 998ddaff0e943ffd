import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreUnavailable } from '../../ports/store-unavailable.js';

/** SQLITE_CORRUPT and SQLITE_NOTADB: a truncated copy, or a file that never was a database. */
const NOT_A_DATABASE = new Set([11, 26]);

/** Opens (creating its folder) a SQLite file and brings its schema up; `:memory:` for a private one. */
export function openDatabase(path: string, schema: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec(schema);
  } catch (error) {
    const { errcode } = error as { errcode?: number };
    if (errcode === undefined || !NOT_A_DATABASE.has(errcode & 0xff)) throw error;
    db.close();
    throw new StoreUnavailable(
      `SQLITE_PATH: ${path} is not a usable SQLite database (${(error as Error).message}); restore it from a backup, or move it aside to start with an empty one`,
    );
  }
  return db;
}

/**
 * Brings a table an earlier release made up to date with a column added since (SQLite has no ADD
 * COLUMN IF NOT EXISTS). Under the write lock, so two processes opening one file add it once.
 */
export function addColumnIfMissing(db: DatabaseSync, table: string, column: string, type: string): void {
  inTransaction(db, () => {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
    if (!columns.some(({ name }) => name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  });
}

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction, which takes the write lock before anything is
 * read, so it is atomic across processes sharing the file. Kept only if `keep` says so and nothing threw.
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
