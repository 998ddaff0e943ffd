import { readdirSync, readlinkSync, readSync, realpathSync } from 'node:fs';

/** One copy of the header; the `-shm` file starts with two (https://www.sqlite.org/walformat.html, 2.2). */
const HEADER_BYTES = 48;
/** Where the copy says it was written whole: a header not yet built is no answer. */
const IS_INIT = 12;
/** Linux names each descriptor the process holds, and the file it is open on, here. */
const DESCRIPTORS = '/proc/self/fd';

/**
 * The WAL-index header of a SQLite file in WAL mode, at the start of its `-shm` file: every commit,
 * by any connection in any process, rewrites it, and it is what SQLite itself compares to learn that
 * another connection committed (what `PRAGMA data_version` reports). Reading it is one `pread`;
 * asking SQLite takes a read transaction and its locks, several times that.
 *
 * It is read through the descriptor SQLite holds on the `-shm` file, never one of its own: closing
 * any descriptor of a file drops every POSIX lock the process holds on it, SQLite's own included.
 * SQLite keeps that descriptor while any of the process's connections to the file is open, so it
 * serves a store for as long as the store's connection does. The format is the same for every
 * version of SQLite, as processes of different versions share the file.
 */
export class WalIndexHeader {
  private readonly copies = Buffer.alloc(2 * HEADER_BYTES);

  private constructor(private readonly descriptor: number) {}

  /** The header of the file at `path`, open in this process; none where it cannot be found (another OS, not WAL). */
  static of(path: string): WalIndexHeader | undefined {
    let shm: string;
    try {
      shm = realpathSync(`${path}-shm`);
      for (const entry of readdirSync(DESCRIPTORS)) {
        if (readlinkSync(`${DESCRIPTORS}/${entry}`, { encoding: 'utf8' }) === shm)
          return new WalIndexHeader(Number(entry));
      }
    } catch {
      // A private database, a file without a `-shm` (not in WAL mode), or a system without /proc.
    }
    return undefined;
  }

  /**
   * The header as it is now; undefined while a commit is writing it. SQLite writes the second copy
   * first and the first last, and its own readers take two copies that differ for a header half
   * written, as this does.
   */
  now(): Buffer | undefined {
    try {
      if (readSync(this.descriptor, this.copies, 0, this.copies.length, 0) !== this.copies.length) return undefined;
    } catch {
      return undefined;
    }
    const first = this.copies.subarray(0, HEADER_BYTES);
    if (first[IS_INIT] !== 1 || !first.equals(this.copies.subarray(HEADER_BYTES))) return undefined;
    return first;
  }
}
