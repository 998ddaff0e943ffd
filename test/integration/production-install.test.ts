import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../support/server-process.js';

/**
 * The tree the Dockerfile's last stage holds and a production install (`npm ci --omit=dev` over a
 * build) leaves: package files, dist, config and the production dependencies only, no TypeScript
 * and no npm `node` package. Built from this checkout without the registry, so it runs offline.
 */
function productionTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'clinic-production-'));
  for (const file of ['package.json', 'package-lock.json', 'dist', 'config']) {
    cpSync(join(PROJECT_ROOT, file), join(root, file), { recursive: true });
  }
  const installed = execFileSync('npm', ['ls', '--omit=dev', '--parseable', '--all'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  for (const path of installed.split('\n').filter((line) => line.includes('/node_modules/'))) {
    const inside = relative(PROJECT_ROOT, path);
    if (!existsSync(join(root, inside))) cpSync(path, join(root, inside), { recursive: true });
  }
  return root;
}

async function serveAndStop(command: string, args: string[], cwd: string): Promise<{ health: number; code: number }> {
  const child = spawn(command, args, {
    cwd,
    // Node 24 on the PATH as the machine's own node, as in the image; no project node_modules/.bin.
    env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, PORT: '0', STORAGE: 'memory' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const deadline = Date.now() + 30_000;
    const listening = () => /"url":"(http:[^"]+)".*"msg":"listening"/.exec(output)?.[1];
    while (!listening()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const health = (await fetch(`${listening()}/api/v1/healthz`)).status;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    return { health, code: code as number };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('a production install', () => {
  let root = '';
  before(function () {
    this.timeout(120_000);
    root = productionTree();
  });
  // A tree that could not be made leaves nothing to remove, and the hook must not hide why.
  after(() => root && rmSync(root, { recursive: true, force: true }));

  it('holds no build tool and no Node of its own', () => {
    expect(existsSync(join(root, 'node_modules/typescript'))).to.equal(false);
    expect(existsSync(join(root, 'node_modules/node'))).to.equal(false);
    expect(existsSync(join(root, 'node_modules/koa'))).to.equal(true);
  });

  it("serves with the Dockerfile's command, node on dist/src/main.js, and stops on SIGTERM", async () => {
    const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const command: string[] = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]');
    expect(command[0]).to.equal('node');
    expect(command.at(-1)).to.equal('dist/src/main.js');
    expect(await serveAndStop('node', command.slice(1), root)).to.deep.equal({ health: 200, code: 0 });
  });

  it('serves with npm start, without building', async () => {
    expect(await serveAndStop('npm', ['start', '--silent'], root)).to.deep.equal({ health: 200, code: 0 });
  });
});
