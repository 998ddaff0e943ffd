import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { failedStart, startServerProcess } from '../support/server-process.js';

describe('a store that cannot be used at start', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-store-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  /** Exit 78 and one line naming the file, no stack trace. */
  async function refusedFor(path: string): Promise<void> {
    const { code, output } = await failedStart({ STORAGE: 'sqlite', SQLITE_PATH: path });
    expect(code).to.equal(78);
    expect(output).to.include(`SQLITE_PATH: ${path} is not a usable SQLite database`);
    expect(output).to.not.match(/\n\s+at /);
  }

  it('stops the server on a SQLite file of random bytes, naming the file', async () => {
    const path = join(directory, 'random.sqlite');
    writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
    await refusedFor(path);
  });

  it('stops the server on a truncated copy of its SQLite file, naming the file', async () => {
    const path = join(directory, 'clinic.sqlite');
    const server = await startServerProcess({ STORAGE: 'sqlite', SQLITE_PATH: path });
    expect(await server.stop()).to.equal(0);
    const whole = readFileSync(path);
    const copy = join(directory, 'truncated.sqlite');
    writeFileSync(copy, whole.subarray(0, Math.floor(whole.length / 2)));
    await refusedFor(copy);
  });
});
