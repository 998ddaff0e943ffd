import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database.js';

/** A store's use of its file's connection, released once, when the store closes. */
export interface Connection {
  readonly db: DatabaseSync;
  release(): void;
}

interface Shared {
  db: DatabaseSync;
  users: number;
}

/** A database of its own for each store that opens it: shared, it would mix the records of unrelated stores. */
const PRIVATE = ':memory:';

const connections = new Map<string, Shared>();

/**
 * The process's one connection to the SQLite file at `path`, opened (and migrated) by the first store
 * of it and closed with the last: fifty clinics' stores on one file take one connection, not two
 * hundred, each with its own page cache and file handles. Sharing it is safe because every statement
 * and transaction runs whole, synchronously, on the one thread; another spelling of the path, like
 * another process, gets a connection of its own.
 */
export function connect(path: string): Connection {
  const shared = path === PRIVATE ? undefined : connections.get(path);
  const entry = shared ?? { db: openDatabase(path), users: 0 };
  if (path !== PRIVATE) connections.set(path, entry);
  entry.users++;
  let released = false;
  return {
    db: entry.db,
    release() {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      if (connections.get(path) === entry) connections.delete(path);
      entry.db.close();
    },
  };
}
