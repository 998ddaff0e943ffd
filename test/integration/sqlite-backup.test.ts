import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ALICE } from '../support/patients.js';
import { bookThroughApi, PROJECT_ROOT, type ServerProcess, startServerProcess } from '../support/server-process.js';

const CLI = fileURLToPath(new URL('../../src/cli/backup.js', import.meta.url));

/** The appointment ids a SQLite file holds on its own; none when it has no appointments table. */
function appointmentIdsIn(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'appointments'").get();
    if (!table) return [];
    return db
      .prepare('SELECT appointment_id FROM appointments ORDER BY start_ms, appointment_id')
      .all()
      .map((row) => String(row.appointment_id));
  } finally {
    db.close();
  }
}

describe('backing up the SQLite file of a running server', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-backup-'));

  const database = join(directory, 'clinic.sqlite');
  const backup = (file: string) =>
    promisify(execFile)(process.execPath, [CLI, file], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', STORAGE: 'sqlite', SQLITE_PATH: database },
    });

  let server: ServerProcess;
  let booked: string[];
  before(async () => {
    server = await startServerProcess({ STORAGE: 'sqlite', SQLITE_PATH: database });
    booked = await bookThroughApi(server.url, ALICE, 3);
  });
  after(async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('copies every appointment, though the latest commits are still in the WAL, which a plain copy of the file misses', async () => {
    const naive = join(directory, 'naive-copy.sqlite');
    copyFileSync(database, naive);
    expect(appointmentIdsIn(naive), 'the file alone').to.not.have.members(booked);

    const copy = join(directory, 'backup.sqlite');
    const { stdout } = await backup(copy);
    expect(stdout).to.equal(`Backed up ${database} to ${copy}\n`);
    expect(appointmentIdsIn(copy)).to.have.members(booked);
    expect(server.child.exitCode, 'the server runs on').to.equal(null);
  });

  it('makes the copy readable and writable by its owner only', async () => {
    const copy = join(directory, 'private.sqlite');
    await backup(copy);
    expect((statSync(copy).mode & 0o777).toString(8)).to.equal('600');
  });

  it('refuses to overwrite an existing file, and leaves it as it was', async () => {
    const existing = join(directory, 'existing.sqlite');
    writeFileSync(existing, 'last week');
    let failure: { code?: number; stderr?: string } = {};
    await backup(existing).catch((error: { code: number; stderr: string }) => (failure = error));
    expect(failure.code).to.equal(73);
    expect(failure.stderr).to.include(`Backing up to ${existing} failed: it already exists`);
    expect(readFileSync(existing, 'utf8')).to.equal('last week');
  });

  it('says what to do when the store is not SQLite', async () => {
    const target = join(directory, 'memory.sqlite');
    let failure: { code?: number; stderr?: string } = {};
    await promisify(execFile)(process.execPath, [CLI, target], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', STORAGE: 'memory' },
    }).catch((error: { code: number; stderr: string }) => (failure = error));
    expect(failure.code).to.equal(64);
    expect(failure.stderr).to.include('only a SQLite file is backed up');
    expect(existsSync(target)).to.equal(false);
  });
});
