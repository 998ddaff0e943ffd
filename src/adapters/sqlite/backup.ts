import { closeSync, existsSync, fchmodSync, openSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';

/**
 * Writes a consistent copy of the SQLite file at `from` to `to`, which must not exist, while servers
 * may be writing to it. Copying the file itself is not a backup: in WAL mode the last commits (on a
 * young file, every table) live in the `-wal` file beside it until a checkpoint. `VACUUM INTO` reads
 * one snapshot, WAL included, and writes a compact file in rollback mode that opens on its own.
 * The copy holds patients' data: it is created empty, readable by its owner only, before a byte is
 * written into it (`VACUUM INTO` accepts an empty file and keeps its mode).
 */
export function backUpDatabase(from: string, to: string): void {
  // Opening a missing file would create an empty database and back that up.
  if (!existsSync(from)) throw new Error(`${from}: no SQLite file there to back up`);
  const fd = openSync(to, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
  const db = new DatabaseSync(from);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(to);
  } catch (error) {
    rmSync(to, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
