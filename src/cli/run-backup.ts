import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backUpDatabase } from '../adapters/sqlite/backup.js';
import { configOrExit } from './cli-config.js';

/**
 * `npm run backup -- FILE`: a consistent copy of the configured SQLite file (SQLITE_PATH) to FILE,
 * taken while the server runs; FILE must not exist and is made readable by its owner only.
 */
const USAGE = 'usage: npm run backup -- FILE   (FILE must not exist yet)';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const { positionals } = parseArgs({ allowPositionals: true });
if (positionals.length !== 1) fail(USAGE, 64);
// npm runs scripts in the project's folder; a relative FILE means the caller's.
const target = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);

const config = configOrExit();
if (config.storage !== 'sqlite') {
  fail(
    `STORAGE=${config.storage}: only a SQLite file is backed up by this command (DynamoDB: point-in-time recovery, see README, Storage)`,
    64,
  );
}

try {
  backUpDatabase(config.sqlitePath, target);
  process.stdout.write(`Backed up ${config.sqlitePath} to ${target}\n`);
} catch (error) {
  const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it already exists' : String(error);
  fail(`Backing up to ${target} failed: ${reason}`, 73);
}
