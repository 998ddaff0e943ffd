import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HOLDER = fileURLToPath(new URL('./sqlite-lock-holder.js', import.meta.url));

export interface HeldWriteLock {
  /** Resolves, once the other process has let the lock go, with the time it did (epoch ms). */
  released: Promise<number>;
  /** Ends the other process early, for a test that failed before the lock ran out. */
  kill(): void;
}

/**
 * Another process takes the write lock of the SQLite file at `path` (`BEGIN IMMEDIATE` or `BEGIN
 * EXCLUSIVE`) and holds it for `forMs`; resolves once it holds it.
 */
export async function holdWriteLock(
  path: string,
  forMs: number,
  mode: 'IMMEDIATE' | 'EXCLUSIVE' = 'EXCLUSIVE',
): Promise<HeldWriteLock> {
  const child = spawn(process.execPath, [HOLDER, path, mode, String(forMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'close').then(([code]) => {
    throw new Error(`the lock holder exited with ${code} before saying so:\n${stderr}`);
  });
  const lines = createInterface({ input: child.stdout });
  const said = (word: string) =>
    Promise.race([
      new Promise<string>((resolve) => lines.on('line', (line) => line.startsWith(word) && resolve(line))),
      exited,
    ]);
  const released = said('released').then((line) => Number(line.split(' ')[1]));
  released.catch(() => {});
  await said('holding');
  return { released, kill: () => child.kill() };
}
