import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerChild {
  url: string;
  pid: number;
  /** Log lines at error level or above, and anything on stderr: each is a fault under load. */
  errorLines: string[];
  /** VmRSS and VmHWM (peak RSS) of the server process, in KiB. */
  memory(): { rssKiB: number; hwmKiB: number };
  /** SIGTERM, then SIGKILL if it has not exited within 10 s; resolves with its exit code (null when killed). */
  stop(): Promise<number | null>;
  /** SIGKILL at once, as a crash or the OOM killer would: no shutdown runs. */
  kill(): Promise<void>;
  /** A message to the server's `process.on('message')`, when launched with `ipc`. */
  send(message: unknown): void;
  /** `send`, then the server's next message back: one question at a time. */
  ask(message: unknown): Promise<unknown>;
}

export interface Launch {
  /** Node flags for the server only, e.g. "--cpu-prof". */
  nodeArgs?: string[];
  /** The script to run, relative to the project root: the server itself unless a benchmark wraps it. */
  entry?: string;
  /** A port to listen on, e.g. the one a killed server had; a free one otherwise. */
  port?: number;
  /** Opens a channel for `send`, to steer a benchmark's server while it runs. */
  ipc?: boolean;
}

const HOST = '127.0.0.1';
/** The server's Node flags as `npm start` and the Dockerfile give them, so that what is measured is what runs. */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];
const STARTUP_LIMIT_MS = 120_000;
const PINO_ERROR = 50;

/** The server logs its port only at info level, which the benchmark turns off; so the port is picked here. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, HOST);
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function answersHealthz(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/v1/healthz`)).status === 200;
  } catch {
    return false;
  }
}

function isError(line: string): boolean {
  try {
    return (JSON.parse(line) as { level?: number }).level! >= PINO_ERROR;
  } catch {
    return true;
  }
}

/**
 * Runs dist/src/main.js in its own process, so the server's CPU and memory are its own and not
 * mixed with the load generator's. Only the variables given here reach it, so a shell's API_TOKEN
 * or STORAGE cannot change what is measured.
 */
export async function startServerChild(
  projectRoot: string,
  env: Record<string, string>,
  { nodeArgs = [], entry = 'dist/src/main.js', port: wanted, ipc = false }: Launch = {},
): Promise<ServerChild> {
  const port = wanted ?? (await freePort());
  const url = `http://${HOST}:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, entry], {
    cwd: projectRoot,
    // One process, as the figures in BENCHMARKS.md were taken, unless a benchmark asks for workers.
    env: { PATH: process.env.PATH ?? '', HOST, PORT: String(port), WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  });
  const errorLines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => isError(line) && errorLines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => errorLines.push(line));
  const exited = once(child, 'exit');
  // A benchmark that dies must not leave a server holding the port and the database.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
    }
    return child.exitCode;
  };

  const deadline = Date.now() + STARTUP_LIMIT_MS;
  while (!(await answersHealthz(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(
        `the server did not answer ${url}/api/v1/healthz (exit code ${child.exitCode}):\n${errorLines.join('\n')}`,
      );
    }
    await sleep(100);
  }

  return {
    url,
    pid: child.pid!,
    errorLines,
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
    },
    stop,
    async kill() {
      process.off('exit', killOnExit);
      child.kill('SIGKILL');
      await exited;
    },
    send(message) {
      child.send(message as object);
    },
    async ask(message) {
      const answer = once(child, 'message');
      child.send(message as object);
      return (await answer)[0];
    },
  };
}
