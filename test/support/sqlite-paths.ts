import { basename, dirname } from 'node:path';

/**
 * The same SQLite file by another path: the stores of a process share one connection per path, so a
 * store opened on this one has a connection of its own, as a second server's would.
 */
export const asAnotherServer = (path: string): string => `${dirname(path)}/./${basename(path)}`;
