import { readFileSync } from 'node:fs';

/** Average CPU cores busy during a phase: the server, this load generator, and everything else. */
export interface CpuSplit {
  server: number;
  loadGenerator: number;
  other: number;
}

// Linux reports /proc times in clock ticks of 1/100 s (USER_HZ is 100 on every mainstream build).
const TICK = 0.01;

function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * TICK;
}

function processSeconds(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK;
}

const ownSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Runs `work` and reports the CPU it took. On a small shared machine the load generator and any
 * other work compete with the server; this shows how much, so a low figure can be told apart from
 * a busy neighbour.
 */
export async function measureCpu<T>(serverPid: number, work: () => Promise<T>): Promise<[T, CpuSplit]> {
  const wallStart = performance.now();
  const [machine, server, own] = [machineBusySeconds(), processSeconds(serverPid), ownSeconds()];
  const result = await work();
  const wall = (performance.now() - wallStart) / 1000;
  const dServer = processSeconds(serverPid) - server;
  const dOwn = ownSeconds() - own;
  const dOther = Math.max(0, machineBusySeconds() - machine - dServer - dOwn);
  return [result, { server: dServer / wall, loadGenerator: dOwn / wall, other: dOther / wall }];
}
