import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/*
 * The processes of bench:voice-capacity and how they talk: each child is forked with an IPC channel,
 * says { ready, url } once listening, and answers { id, cmd } requests. Its CPU time and memory are
 * read from /proc from outside, so measuring adds nothing to its own event loop.
 */

interface Request {
  id: number;
  cmd: string;
}

// ---- the child's side ----

/**
 * Serves the parent's requests. `stop` is answered by closing and exiting normally (so that a
 * --cpu-prof profile gets written); a parent that goes away takes the child with it.
 */
export function answerParent(url: string, handlers: Record<string, () => unknown>, close: () => Promise<void>): void {
  if (!process.send) throw new Error('run this script through bench/voice-capacity.ts (it needs an IPC channel)');
  const reply = (message: object) => process.send?.(message);
  process.on('message', (request: Request) => {
    if (request.cmd === 'stop') {
      const exit = () => {
        reply({ id: request.id });
        process.exit(0);
      };
      close().then(exit, exit);
      return;
    }
    const handler = handlers[request.cmd];
    if (!handler) reply({ id: request.id, error: `unknown command ${request.cmd}` });
    // A server of several workers answers once it has asked each of them.
    else void Promise.resolve(handler()).then((value) => reply({ id: request.id, value }));
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  reply({ ready: true, url });
}

// ---- the parent's side ----

const TICK_SECONDS = 0.01; // USER_HZ is 100 on every mainstream Linux build

export interface Child {
  name: string;
  pid: number;
  url: string;
  /** stderr lines: anything there is a fault worth showing. */
  errors: string[];
  request<T>(cmd: string): Promise<T>;
  /** user + system CPU seconds of the whole process (all its threads) and those it started, from /proc/<pid>/stat. */
  cpuSeconds(): number;
  /** The same, apart: system time is the kernel's work for the process, its socket reads and writes above all. */
  cpuTimes(): CpuTimes;
  /** VmRSS and VmHWM (peak), KiB, of the process and those it started. */
  memory(): { rssKiB: number; hwmKiB: number };
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHook = false;

/** Every child still running, killed at once: for the exit path, including a crash of this process. */
export function killChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface CpuTimes {
  user: number;
  system: number;
}

/** `pid` and every process under it: a server of several workers is its primary and their processes. */
export function processTree(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    children = [];
  }
  return [pid, ...children.flatMap(processTree)];
}

/** user + system CPU seconds of `pid` and the processes under it, all their threads. */
export function processCpuTimes(pid: number): CpuTimes {
  const times = { user: 0, system: 0 };
  for (const one of processTree(pid)) {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${one}/stat`, 'utf8').split(') ')[1]!.split(' ');
    times.user += Number(fields[11]) * TICK_SECONDS;
    times.system += Number(fields[12]) * TICK_SECONDS;
  }
  return times;
}

/** CPU seconds busy on the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK_SECONDS;
}

export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export async function startChild(
  name: string,
  script: URL,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  startupMs = 30_000,
): Promise<Child> {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', killChildren);
  }
  const child = fork(script, [], {
    execArgv: nodeArgs,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(
    () => undefined,
    () => undefined,
  );
  void exited.then(() => running.delete(child));
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));

  const pending = new Map<number, (message: { value?: unknown; error?: string }) => void>();
  let nextId = 1;
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${startupMs} ms:\n${errors.join('\n')}`)),
      startupMs,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${errors.join('\n')}`));
    });
    child.on('message', (message: { ready?: boolean; url?: string; id?: number; value?: unknown; error?: string }) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve(message.url!);
      } else if (message.id !== undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
  });
  let url: string;
  try {
    url = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const pid = child.pid!;
  return {
    name,
    pid,
    url,
    errors,
    request<T>(cmd: string) {
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name} did not answer '${cmd}' within 10 s`));
        }, 10_000);
        pending.set(id, (message) => {
          clearTimeout(timer);
          if (message.error) reject(new Error(`${name}: ${message.error}`));
          else resolve(message.value as T);
        });
        child.send({ id, cmd });
      });
    },
    cpuSeconds() {
      const { user, system } = processCpuTimes(pid);
      return user + system;
    },
    cpuTimes: () => processCpuTimes(pid),
    memory() {
      const memory = { rssKiB: 0, hwmKiB: 0 };
      for (const one of processTree(pid)) {
        const status = readFileSync(`/proc/${one}/status`, 'utf8');
        const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
        memory.rssKiB += kib('VmRSS');
        memory.hwmKiB += kib('VmHWM');
      }
      return memory;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A graceful exit first (a --cpu-prof profile is written then), SIGKILL if it hangs.
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      if (child.connected) child.send({ id: 0, cmd: 'stop' });
      else child.kill('SIGTERM');
      await exited;
      clearTimeout(forced);
    },
  };
}
