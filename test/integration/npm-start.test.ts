import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../support/server-process.js';

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function childrenOf(pid: number): number[] {
  const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  return listed
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  const survivors: number[] = [];
  after(() => {
    for (const pid of survivors.filter(isAlive)) process.kill(pid, 'SIGKILL');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server when the npm process is sent ${signal}, leaving no process behind`, async () => {
      const port = await freePort();
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH ?? '', PORT: String(port), STORAGE: 'memory', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const deadline = Date.now() + 45_000;
      while (!output.includes('"msg":"listening"')) {
        if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`npm start did not listen:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const descendants = descendantsOf(npm.pid!);
      survivors.push(...descendants);
      expect(descendants).to.not.be.empty;

      const exited = once(npm, 'exit');
      npm.kill(signal);
      await exited;
      const settled = Date.now() + 5_000;
      while (descendants.some(isAlive) && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 50));

      expect(descendants.filter(isAlive), `still running after npm ended:\n${output}`).to.deep.equal([]);
      expect(await portIsOpen(port)).to.equal(false);
    });
  }
});

describe('npm run db:local', () => {
  const hasJava = spawnSync('java', ['-version']).status === 0;
  let survivors: number[] = [];
  after(() => {
    for (const pid of survivors.filter(isAlive)) process.kill(pid, 'SIGKILL');
  });

  it('stops DynamoDB Local when the npm process is sent SIGTERM', async function () {
    if (!hasJava) this.skip();
    const port = await freePort();
    const npm = spawn('npm', ['run', 'db:local', '--silent'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', DYNAMODB_LOCAL_PORT: String(port) },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 45_000;
    while (!(await portIsOpen(port))) {
      if (Date.now() > deadline || npm.exitCode !== null) throw new Error('DynamoDB Local did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    survivors = descendantsOf(npm.pid!);
    expect(survivors).to.not.be.empty;

    const exited = once(npm, 'exit');
    npm.kill('SIGTERM');
    await exited;
    const settled = Date.now() + 10_000;
    while (survivors.some(isAlive) && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 50));

    expect(survivors.filter(isAlive)).to.deep.equal([]);
    expect(await portIsOpen(port)).to.equal(false);
  });
});

describe('the entry point on an older Node.js', () => {
  const systemNode = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';

  for (const entry of [
    'dist/src/main.js',
    'dist/src/cli/create-tables.js',
    'dist/src/cli/chat.js',
    'dist/src/cli/nlu.js',
    'dist/src/cli/backup.js',
    'dist/src/cli/export.js',
    'dist/src/cli/clinic.js',
  ]) {
    it(`${entry} refuses to start with one line naming the Node.js version it needs`, function () {
      if (!/^v(1\d|2[0-3])\./.test(systemNode)) this.skip();
      const run = spawnSync('/usr/bin/node', [entry], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', STORAGE: 'memory', PORT: '0' },
      });
      expect(run.status).to.equal(78);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.equal(`clinic-receptionist needs Node.js >= 24; this is Node.js ${systemNode.slice(1)}\n`);
    });
  }
});
