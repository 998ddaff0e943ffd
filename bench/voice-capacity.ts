import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { nproc } from './machine.js';
import { Callers, FRAME_MS } from './voice-capacity-callers.js';
import {
  type Child,
  killChildren,
  machineBusySeconds,
  ownCpuSeconds,
  processTree,
  startChild,
} from './voice-capacity-ipc.js';

/**
 * bench:voice-capacity — how many phone calls one server process bridges from Twilio Media Streams to
 * Gemini Live in real time. Four processes, so that the server's CPU is its own:
 *   A  the API server (bench/voice-capacity-server.ts), Twilio signatures checked, voice model on C;
 *   B  this one: the load generator, N Twilio media streams each sending a 20 ms μ-law frame every
 *      20 ms and counting the frames that come back;
 *   C  a fake Gemini Live (bench/voice-capacity-fake-live.ts) answering each caller chunk with 20 ms
 *      of 24 kHz voice at once;
 *   D  the floor (bench/voice-capacity-echo.ts): a bare `ws` server echoing each media frame; and,
 *      when the bridge carries audio in chunks longer than a frame, the same echo answering each
 *      chunk's worth of frames in one message (the floor of a server writing as few messages).
 * For each N, D then A carry the same calls: warm-up, then a measured window. Server CPU per
 * call-second is its user+system time over the window (from /proc) divided by the call-seconds
 * carried in it (frames back at the callers / 50, which is N × window when everything keeps pace).
 *
 * Environment: BENCH_VOICE_STEPS (default 50,100,200,300,500), BENCH_VOICE_WINDOW_S (3),
 * BENCH_VOICE_WARMUP_S (2), BENCH_VOICE_PHASES (10; 1 sends every call's frame in the same
 * instant), BENCH_VOICE_BUDGET_S (80: no step starts after that), BENCH_SERVER_NODE_ARGS (node flags
 * for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_VOICE_CHUNK_MS (60: the
 * server's VOICE_AUDIO_CHUNK_MS, a multiple of 20), BENCH_WORKERS (1: server processes
 * on the port, as WORKERS runs them; above 1, A is their primary and its figures theirs together),
 * BENCH_VOICE_INPUT_RATE (the server's GEMINI_LIVE_INPUT_RATE, 8000 or 16000; its default unless set),
 * BENCH_VOICE_ROUNDS (1: how many times each step measures the floors and the bridge, one after the
 * other, before its figures are summed over the rounds), BENCH_VOICE_PIN (1 with one worker on two or
 * more cores: the measured server alone on the last core, this process and the fake on the others).
 *
 * The last line sums up the largest step measured, for scripts: calls, server processes, the
 * bridge's and the per-frame echo's CPU per call-second and their ratio, frames lost, and the p99 of
 * the latency added beyond the chunk window (round trip less the wait for the rest of a frame's chunk).
 */

const env = process.env;
const STEPS = (env.BENCH_VOICE_STEPS ?? '50,100,200,300,500')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const WINDOW_S = Number(env.BENCH_VOICE_WINDOW_S ?? 3);
const WARMUP_S = Number(env.BENCH_VOICE_WARMUP_S ?? 2);
const PHASES = Number(env.BENCH_VOICE_PHASES ?? 10);
const BUDGET_S = Number(env.BENCH_VOICE_BUDGET_S ?? 80);
const SERVER_NODE_ARGS = env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const CHUNK_MS = Number(env.BENCH_VOICE_CHUNK_MS ?? 60);
const CHUNK_FRAMES = Math.max(1, Math.round(CHUNK_MS / FRAME_MS));
const WORKERS = Number(env.BENCH_WORKERS ?? env.WORKERS ?? 1);
const ROUNDS = Math.max(1, Number(env.BENCH_VOICE_ROUNDS ?? 1));
/*
 * Where the scheduler puts four busy processes on two cores changes from run to run, and with it what
 * a wake-up of the peer costs the writer (the same core, or another one): the same code then measures
 * a third apart. Pinned, the floor and the bridge always run alone on the same core, as a server has
 * its own cores in production.
 */
const PIN = WORKERS === 1 && nproc() >= 2 && (env.BENCH_VOICE_PIN ?? '1') !== '0';
const SERVER_CORE = String(nproc() - 1);
const OTHER_CORES = `0-${nproc() - 2}`;
/** Frames not back this long after the last one was sent count as lost: a caller would never hear them. */
const DRAIN_MS = 2_000;
const TARGET_P99_MS = 20;
const TARGET_CPU_RATIO = 2;
const TARGET_CALLS = 500;
/** A server this busy (cores of CPU) has no headroom left on its JS threads, one a worker: larger N are not tried. */
const SATURATED_CORES = 0.9 * WORKERS;
/** Other work on the machine above this (cores) during a window makes its latency figures suspect. */
const CONTENDED_CORES = 0.3;

const STREAM_PATH = '/api/v1/voice/stream';
const AUTH_TOKEN = 'bench-twilio-auth-token';
const PUBLIC_BASE_URL = 'https://clinic.example.com';
const LIVE_KEY = 'bench-live-key';

interface Phase {
  /** Call-seconds carried in the window(s): what the per-call-second figures are over. */
  callSeconds: number;
  cpuMsPerCallSecond: number;
  /** The same, apart: user time is the process's own code, system time the kernel's work for it (socket I/O). */
  userMsPerCallSecond: number;
  systemMsPerCallSecond: number;
  /** Frames sent in the window over N x window / 20 ms: 100% when the load generator kept real time. */
  paced: number;
  /** Frames back over frames sent, in the window: under 100% when the server fell behind. */
  keptUp: number;
  lostUp: number;
  lostDown: number;
  undelivered: boolean;
  p50: number;
  p99: number;
  max: number;
  /** p99 of the round trip less the wait for the rest of each frame's chunk. */
  addedP99: number;
  /** The server's event-loop delay in the window (ms), for the bridge only: how long a frame waited inside it. */
  loopDelay?: { p50: number; p99: number; max: number };
  rssPerCallKiB: number;
  rssKiB: number;
  /** Live heap (V8 heap + buffers) after a full GC, per call; NaN for the echo floor. */
  livePerCallKiB: number;
  cores: { target: number; loadGenerator: number; fake: number; other: number };
  lateTicks: number;
  maxLateMs: number;
  anomalies: string[];
}

interface Row {
  n: number;
  floor?: Phase;
  /** The echo answering a chunk's worth of frames in one message, when chunks are longer than a frame. */
  chunkedFloor?: Phase;
  bridge?: Phase;
  /** With several rounds, each round's bridge CPU over its per-frame echo floor's. */
  roundRatios: number[];
  skipped?: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

const liveBytes = (usage: NodeJS.MemoryUsage) => usage.heapUsed + usage.external;

async function until(probe: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  for (const deadline = performance.now() + timeoutMs; !(await probe()); await sleep(50)) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}

interface LiveCounts {
  setups: number;
  greeted: number;
  audioIn: number;
  voiceOut: number;
  malformed: number;
  open: number;
}
interface EchoCounts {
  mediaIn: number;
  mediaOut: number;
}

/** One N against one target: calls opened, warm-up, the window measured, drained, hung up. */
async function measure(
  target: Child,
  fake: Child,
  n: number,
  kind: 'floor' | 'bridge',
  tag: number,
  chunkFrames: number,
): Promise<Phase> {
  await sleep(200);
  const before = target.memory();
  const liveBefore = kind === 'bridge' ? liveBytes(await target.request<NodeJS.MemoryUsage>('memory')) : NaN;
  const greetedBefore = kind === 'bridge' ? (await fake.request<LiveCounts>('reset')).greeted : 0;
  const callers = await Callers.open({
    serverUrl: target.url,
    path: STREAM_PATH,
    ...(kind === 'bridge' ? { signing: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL } } : {}),
    count: n,
    phases: PHASES,
    tag,
    chunkFrames,
  });
  try {
    // Every call bridged (its Live session set up and the greeting asked for) before any audio flows.
    if (kind === 'bridge')
      await until(
        async () => (await fake.request<LiveCounts>('stats')).greeted >= greetedBefore + n,
        `${n} Live sessions`,
        60_000,
      );
    callers.start();
    await sleep(WARMUP_S * 1000);

    const snapshot = () => ({
      wall: performance.now(),
      target: target.cpuTimes(),
      own: ownCpuSeconds(),
      fake: kind === 'bridge' ? fake.cpuSeconds() : 0,
      machine: machineBusySeconds(),
      sent: callers.sent,
      received: callers.received,
    });
    if (kind === 'bridge') await target.request('resetLoopDelay');
    const start = snapshot();
    callers.recording = true;
    await sleep(WINDOW_S * 1000);
    const end = snapshot();
    callers.recording = false;
    const loopDelay = kind === 'bridge' ? await target.request<Phase['loopDelay']>('loopDelay') : undefined;
    const during = target.memory();
    callers.stop();
    // After the window: the full collection this asks for must not land in it.
    const liveDuring = kind === 'bridge' ? liveBytes(await target.request<NodeJS.MemoryUsage>('memory')) : NaN;
    const drained = await callers.drain(DRAIN_MS);

    const wall = (end.wall - start.wall) / 1000;
    // Call-seconds carried: frames that made the whole round trip in the window. When the server keeps up this is
    // N x window; when it falls behind, frames sent but not yet handled must not count as work it did.
    const callSeconds = ((end.received - start.received) * FRAME_MS) / 1000;
    const sentSeconds = ((end.sent - start.sent) * FRAME_MS) / 1000;
    const [dUser, dSystem] = [end.target.user - start.target.user, end.target.system - start.target.system];
    const [dTarget, dOwn, dFake] = [dUser + dSystem, end.own - start.own, end.fake - start.fake];
    const dOther = Math.max(0, end.machine - start.machine - dTarget - dOwn - dFake);

    let lostUp: number;
    let lostDown: number;
    const anomalies: string[] = [];
    if (kind === 'bridge') {
      const live = await fake.request<LiveCounts>('stats');
      lostUp = callers.sent - live.audioIn;
      lostDown = live.voiceOut - callers.received;
      if (live.malformed) anomalies.push(`${live.malformed} malformed chunks at the model`);
    } else {
      const echo = await target.request<EchoCounts>('stats');
      lostUp = callers.sent - echo.mediaIn;
      lostDown = echo.mediaOut - callers.received;
    }
    if (callers.misrouted) anomalies.push(`${callers.misrouted} frames on the wrong stream`);
    if (callers.wrongSize) anomalies.push(`${callers.wrongSize} frames not 160 bytes`);
    if (callers.clears) anomalies.push(`${callers.clears} clears`);
    if (callers.closedEarly) anomalies.push(`${callers.closedEarly} calls closed by the server`);

    const sorted = [...callers.roundTrips].sort((a, b) => a - b);
    const added = [...callers.addedLatencies].sort((a, b) => a - b);
    return {
      callSeconds,
      cpuMsPerCallSecond: (dTarget * 1000) / callSeconds,
      userMsPerCallSecond: (dUser * 1000) / callSeconds,
      systemMsPerCallSecond: (dSystem * 1000) / callSeconds,
      paced: sentSeconds / (n * wall),
      keptUp: callSeconds / sentSeconds,
      lostUp,
      lostDown,
      undelivered: !drained,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
      addedP99: percentile(added, 99),
      ...(loopDelay ? { loopDelay } : {}),
      rssPerCallKiB: (during.rssKiB - before.rssKiB) / n,
      rssKiB: during.rssKiB,
      livePerCallKiB: (liveDuring - liveBefore) / 1024 / n,
      cores: { target: dTarget / wall, loadGenerator: dOwn / wall, fake: dFake / wall, other: dOther / wall },
      lateTicks: callers.lateTicks,
      maxLateMs: callers.maxLateMs,
      anomalies,
    };
  } finally {
    await callers.hangUp();
  }
}

const passes = (phase: Phase | undefined) =>
  phase !== undefined &&
  phase.lostUp === 0 &&
  phase.lostDown === 0 &&
  phase.anomalies.length === 0 &&
  phase.addedP99 < TARGET_P99_MS;

function printTable(rows: Row[]): void {
  const f = (value: number | undefined, digits = 1) =>
    value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
  console.log('');
  console.log(
    '                       server CPU, ms per call-second     lost frames     round trip ms, caller -> model -> caller    server memory, KiB per call',
  );
  console.log(
    '     N  paced  kept  echo floor   bridge   x floor     up    down      echo p99   bridge p50   p99     max  RSS delta/N  marginal  live heap   verdict',
  );
  let previous: Row | undefined;
  for (const row of rows) {
    const { n, floor, bridge, skipped } = row;
    if (skipped) {
      console.log(`${String(n).padStart(6)}   ${skipped}`);
      continue;
    }
    const ratio = floor && bridge ? bridge.cpuMsPerCallSecond / floor.cpuMsPerCallSecond : NaN;
    // Between this step and the one before: the fixed cost of a started server (code, JIT) cancels out.
    const marginal = bridge && previous?.bridge ? (bridge.rssKiB - previous.bridge.rssKiB) / (n - previous.n) : NaN;
    const verdict = passes(bridge)
      ? 'ok'
      : bridge
        ? `MISS${bridge.lostUp || bridge.lostDown ? ' (lost)' : ''}${bridge.addedP99 >= TARGET_P99_MS ? ' (p99)' : ''}${bridge.anomalies.length ? ' (faults)' : ''}`
        : '-';
    const contended = [floor, bridge].some((phase) => phase && phase.cores.other > CONTENDED_CORES)
      ? `, contended`
      : '';
    console.log(
      `${String(n).padStart(6)} ${(bridge ? `${(bridge.paced * 100).toFixed(0)}%` : '-').padStart(6)} ${(bridge ? `${(bridge.keptUp * 100).toFixed(0)}%` : '-').padStart(5)} ${f(floor?.cpuMsPerCallSecond, 2).padStart(11)} ${f(bridge?.cpuMsPerCallSecond, 2).padStart(8)} ${f(ratio, 2).padStart(9)} ` +
        `${String(bridge?.lostUp ?? '-').padStart(6)} ${String(bridge?.lostDown ?? '-').padStart(7)} ${f(floor?.p99).padStart(13)} ${f(bridge?.p50).padStart(12)} ${f(bridge?.p99).padStart(5)} ${f(bridge?.max).padStart(7)} ` +
        `${f(bridge?.rssPerCallKiB, 0).padStart(12)} ${f(marginal, 0).padStart(9)} ${f(bridge?.livePerCallKiB, 0).padStart(10)}   ${verdict}${contended}`,
    );
    if (bridge) previous = row;
  }
  console.log('');
  console.log(
    '  CPU cores busy during the window (2 = the whole machine): the measured server, this load generator, the fake Live, everything else',
  );
  console.log(
    '     N   echo phase: echo / load / other        bridge phase: server / load / fake / other      load generator late ticks (max ms)',
  );
  for (const { n, floor, bridge } of rows) {
    if (!floor && !bridge) continue;
    const c = (phase: Phase | undefined, keys: Array<keyof Phase['cores']>) =>
      phase ? keys.map((key) => phase.cores[key].toFixed(2)).join(' / ') : '-';
    console.log(
      `${String(n).padStart(6)}   ${c(floor, ['target', 'loadGenerator', 'other']).padEnd(38)} ${c(bridge, ['target', 'loadGenerator', 'fake', 'other']).padEnd(47)} ` +
        `echo ${floor?.lateTicks ?? '-'} (${f(floor?.maxLateMs)}), bridge ${bridge?.lateTicks ?? '-'} (${f(bridge?.maxLateMs)})`,
    );
  }
  console.log('');
  console.log(
    '  Server CPU apart, ms per call-second: user (its own code) + system (the kernel: socket reads and writes); and the',
  );
  console.log(
    "  bridge server's event-loop delay in the window, ms: how long ready work (a frame) waited for its one JavaScript thread",
  );
  console.log(
    '     N   echo floor: user + system      bridge: user + system      bridge system / echo system   loop delay p50 / p99 / max',
  );
  for (const { n, floor, bridge } of rows) {
    if (!floor || !bridge) continue;
    const delay = bridge.loopDelay;
    console.log(
      `${String(n).padStart(6)}   ${`${f(floor.userMsPerCallSecond, 2)} + ${f(floor.systemMsPerCallSecond, 2)}`.padEnd(27)} ${`${f(bridge.userMsPerCallSecond, 2)} + ${f(bridge.systemMsPerCallSecond, 2)}`.padEnd(26)} ` +
        `${f(bridge.systemMsPerCallSecond / floor.systemMsPerCallSecond, 2).padEnd(29)} ${delay ? `${f(delay.p50)} / ${f(delay.p99)} / ${f(delay.max)}` : '-'}`,
    );
  }
  for (const { n, floor, bridge } of rows) {
    for (const [name, phase] of [
      ['echo', floor],
      ['bridge', bridge],
    ] as const) {
      if (phase?.anomalies.length) console.log(`  N=${n} ${name}: ${phase.anomalies.join(', ')}`);
      if (phase?.undelivered)
        console.log(
          `  N=${n} ${name}: frames still undelivered ${DRAIN_MS} ms after the last was sent (counted as lost)`,
        );
    }
  }
}

function summarize(rows: Row[]): void {
  const measured = rows.filter((row) => row.bridge);
  const best = measured.filter((row) => passes(row.bridge)).at(-1);
  const firstMiss = measured.find((row) => !passes(row.bridge));
  console.log('');
  console.log(
    `  largest N with no lost frame and added latency p99 (round trip less the chunk window) < ${TARGET_P99_MS} ms: ${best ? best.n : 'none'}${firstMiss && (!best || firstMiss.n > best.n) ? ` (first miss at N=${firstMiss.n})` : ''}`,
  );
  // The same with the latency timed inside the server: what a frame waited for its thread there, without the peers' share.
  const bestInside = measured
    .filter((row) => passes({ ...row.bridge!, addedP99: row.bridge!.loopDelay?.p99 ?? Number.POSITIVE_INFINITY }))
    .at(-1);
  console.log(
    `  largest N with no lost frame and the server's event-loop delay p99 < ${TARGET_P99_MS} ms: ${bestInside ? bestInside.n : 'none'}`,
  );
  console.log(`  target N >= ${TARGET_CALLS}: ${best && best.n >= TARGET_CALLS ? 'PASS' : 'MISS'}`);
  const ratios = measured
    .filter((row) => row.floor)
    .map((row) => row.bridge!.cpuMsPerCallSecond / row.floor!.cpuMsPerCallSecond);
  if (ratios.length) {
    const worst = Math.max(...ratios);
    console.log(
      `  target server CPU <= ${TARGET_CPU_RATIO}x the echo floor: ${worst <= TARGET_CPU_RATIO ? 'PASS' : 'MISS'} (${Math.min(...ratios).toFixed(2)}x to ${worst.toFixed(2)}x over the steps)`,
    );
  }
  const last = measured.at(-1)?.bridge;
  if (last && WORKERS === 1) {
    // What the figures say of N = TARGET_CALLS, which this machine may not be able to offer at all.
    const loadCoresPerCall = (last.cores.loadGenerator + last.cores.fake) / measured.at(-1)!.n;
    console.log(
      `  at ${TARGET_CALLS} calls: the load generator and the fake alone would take ${(loadCoresPerCall * TARGET_CALLS).toFixed(2)} of the ${nproc()} cores (from the largest N); ` +
        `one server thread at ${last.cpuMsPerCallSecond.toFixed(2)} ms per call-second is full at N = ${Math.floor(1000 / last.cpuMsPerCallSecond)}`,
    );
  }
  if (rows.some((row) => [row.floor, row.bridge].some((phase) => phase && phase.cores.other > CONTENDED_CORES))) {
    console.log(
      `  contended: other work on the machine took more than ${CONTENDED_CORES} cores during that window; its latency (and, less, its CPU) figures are suspect.`,
    );
  }
  console.log(
    '  paced: frames the load generator sent in the window / (N x window / 20 ms); kept: frames back / frames sent in the window.',
  );
  console.log(
    "  memory: RSS delta/N is the server's RSS with N calls streaming minus the idle server's, over N (it includes code loaded and",
  );
  console.log(
    '  compiled by the first calls, and garbage not yet collected); marginal is the RSS slope from the previous step; live heap is',
  );
  console.log('  V8 heap + external buffers after a full GC, with the calls open, minus the same before them, over N.');
  console.log(
    '  round trips are measured at the load generator (frame sent -> the answering frame received, the fake answering at once):',
  );
  console.log(
    "  an upper bound of the latency the server adds, which includes the load generator's and the fake's own delays; the echo p99 shows that share.",
  );
}

/**
 * The largest step measured, in two lines: the chunk window and the chunked echo beside the round trip,
 * then the one line scripts read, always last.
 */
function printLastLine(rows: Row[]): void {
  const row = rows.filter((r) => r.bridge && r.floor).at(-1);
  if (!row) {
    console.log(
      `voice-capacity: calls=0 workers=${WORKERS} cpu_ms_per_call_s=NaN floor_ms_per_call_s=NaN ratio=NaN lost_frames=NaN p99_added_ms=NaN`,
    );
    return;
  }
  const { n, floor, chunkedFloor, bridge } = row as Required<Pick<Row, 'floor' | 'bridge'>> & Row;
  console.log('');
  console.log(
    `  N=${n}, audio in ${CHUNK_MS} ms chunks (${CHUNK_FRAMES} frames): a frame waits up to ${CHUNK_MS - FRAME_MS} ms for the rest of its chunk, ` +
      `which p99_added_ms leaves out; round trip p99 with it ${bridge.p99.toFixed(1)} ms` +
      (chunkedFloor
        ? `; echo answering in ${CHUNK_MS} ms chunks ${chunkedFloor.cpuMsPerCallSecond.toFixed(2)} ms per call-second, bridge ${(bridge.cpuMsPerCallSecond / chunkedFloor.cpuMsPerCallSecond).toFixed(2)}x that`
        : ''),
  );
  console.log(
    `voice-capacity: calls=${n} workers=${WORKERS} cpu_ms_per_call_s=${bridge.cpuMsPerCallSecond.toFixed(2)} floor_ms_per_call_s=${floor.cpuMsPerCallSecond.toFixed(2)} ` +
      `ratio=${(bridge.cpuMsPerCallSecond / floor.cpuMsPerCallSecond).toFixed(2)} lost_frames=${bridge.lostUp + bridge.lostDown} p99_added_ms=${bridge.addedP99.toFixed(1)}`,
  );
}

const ECHO_SCRIPT = new URL('./voice-capacity-echo.js', import.meta.url);

/** Puts a process, all its threads and its children's, on the given cores. */
function pin(pid: number, cores: string): void {
  for (const one of processTree(pid))
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cores, String(one)], { stdio: 'ignore' });
}

/** Starts a target process (on the server's core when pinned), measures it, stops it. */
async function measuredOn(
  name: string,
  script: URL,
  env: Record<string, string>,
  nodeArgs: string[],
  work: (target: Child) => Promise<Phase>,
  errors?: string[],
): Promise<Phase> {
  const target = await startChild(name, script, env, nodeArgs);
  try {
    if (PIN) pin(target.pid, SERVER_CORE);
    return await work(target);
  } finally {
    await target.stop();
    errors?.push(...target.errors);
  }
}

/**
 * Several rounds of one phase as one: CPU summed over the call-seconds of all the windows, frames lost
 * and ticks late summed, latencies and cores at the worst round's, memory the last round's.
 */
function overRounds(rounds: Phase[]): Phase {
  if (rounds.length === 1) return rounds[0]!;
  const callSeconds = rounds.reduce((sum, phase) => sum + phase.callSeconds, 0);
  const perCallSecond = (key: 'cpuMsPerCallSecond' | 'userMsPerCallSecond' | 'systemMsPerCallSecond') =>
    rounds.reduce((sum, phase) => sum + phase[key] * phase.callSeconds, 0) / callSeconds;
  const sum = (key: 'lostUp' | 'lostDown' | 'lateTicks') => rounds.reduce((total, phase) => total + phase[key], 0);
  const worst = <K extends 'p50' | 'p99' | 'max' | 'addedP99' | 'maxLateMs'>(key: K) =>
    Math.max(...rounds.map((phase) => phase[key]));
  const last = rounds.at(-1)!;
  const delays = rounds.flatMap((phase) => (phase.loopDelay ? [phase.loopDelay] : []));
  return {
    ...last,
    callSeconds,
    cpuMsPerCallSecond: perCallSecond('cpuMsPerCallSecond'),
    userMsPerCallSecond: perCallSecond('userMsPerCallSecond'),
    systemMsPerCallSecond: perCallSecond('systemMsPerCallSecond'),
    paced: Math.min(...rounds.map((phase) => phase.paced)),
    keptUp: Math.min(...rounds.map((phase) => phase.keptUp)),
    lostUp: sum('lostUp'),
    lostDown: sum('lostDown'),
    undelivered: rounds.some((phase) => phase.undelivered),
    p50: worst('p50'),
    p99: worst('p99'),
    max: worst('max'),
    addedP99: worst('addedP99'),
    ...(delays.length
      ? {
          loopDelay: {
            p50: Math.max(...delays.map((delay) => delay.p50)),
            p99: Math.max(...delays.map((delay) => delay.p99)),
            max: Math.max(...delays.map((delay) => delay.max)),
          },
        }
      : {}),
    cores: rounds.reduce((most, phase) => (phase.cores.other > most.cores.other ? phase : most)).cores,
    lateTicks: sum('lateTicks'),
    maxLateMs: worst('maxLateMs'),
    anomalies: rounds.flatMap((phase) => phase.anomalies),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `Voice capacity: Twilio Media Streams -> one server process -> fake Gemini Live, 20 ms frames both ways (${nproc()} cores, Node ${process.version})`,
  );
  console.log(
    `  steps N=${STEPS.join(', ')}; per step and target: ${WARMUP_S} s warm-up, ${WINDOW_S} s measured; calls spread over ${PHASES} phase(s) of the 20 ms frame clock`,
  );
  if (WORKERS > 1) console.log(`  the server: ${WORKERS} worker processes on one port (BENCH_WORKERS)`);
  if (SERVER_NODE_ARGS.length) console.log(`  server node flags: ${SERVER_NODE_ARGS.join(' ')}`);
  if (ROUNDS > 1)
    console.log(`  ${ROUNDS} rounds a step, each the floors then the bridge; figures summed over the rounds`);
  if (PIN)
    console.log(
      `  pinned: the measured server (and each floor) alone on core ${SERVER_CORE}, the load generator and the fake on ${OTHER_CORES} (BENCH_VOICE_PIN=0 to leave them to the scheduler)`,
    );
  const rows: Row[] = [];
  const fake = await startChild('fake Gemini Live', new URL('./voice-capacity-fake-live.js', import.meta.url), {
    BENCH_LIVE_KEY: LIVE_KEY,
  });
  if (PIN) {
    pin(process.pid, OTHER_CORES);
    pin(fake.pid, OTHER_CORES);
  }
  const serverErrors: string[] = [];
  try {
    let saturated: number | undefined;
    for (const [index, n] of STEPS.entries()) {
      const elapsed = (performance.now() - started) / 1000;
      if (saturated !== undefined) {
        rows.push({ n, roundRatios: [], skipped: `skipped: N=${saturated} already failed or saturated` });
        continue;
      }
      if (elapsed > BUDGET_S) {
        rows.push({ n, roundRatios: [], skipped: `skipped: the run's time budget (${BUDGET_S} s) is spent` });
        continue;
      }
      const row: Row = { n, roundRatios: [] };
      rows.push(row);
      const floors: Phase[] = [];
      const chunkedFloors: Phase[] = [];
      const bridges: Phase[] = [];
      try {
        for (let round = 0; round < ROUNDS; round++) {
          // Each phase's calls get stream ids of their own, across steps and rounds.
          const tag = 3 * (index * ROUNDS + round);
          floors.push(
            await measuredOn('echo floor', ECHO_SCRIPT, {}, [], (echo) => measure(echo, fake, n, 'floor', tag, 1)),
          );
          if (CHUNK_FRAMES > 1)
            chunkedFloors.push(
              await measuredOn(
                'chunked echo floor',
                ECHO_SCRIPT,
                { BENCH_ECHO_CHUNK_FRAMES: String(CHUNK_FRAMES) },
                [],
                (echo) => measure(echo, fake, n, 'floor', tag + 2, CHUNK_FRAMES),
              ),
            );
          const bridge = await measuredOn(
            'server',
            new URL(WORKERS > 1 ? './voice-capacity-workers.js' : './voice-capacity-server.js', import.meta.url),
            {
              BENCH_WORKERS: String(WORKERS),
              BENCH_LIVE_URL: fake.url,
              BENCH_LIVE_KEY: LIVE_KEY,
              BENCH_TWILIO_AUTH_TOKEN: AUTH_TOKEN,
              BENCH_PUBLIC_BASE_URL: PUBLIC_BASE_URL,
              BENCH_VOICE_CHUNK_MS: String(CHUNK_MS),
              ...(env.BENCH_VOICE_INPUT_RATE ? { BENCH_VOICE_INPUT_RATE: env.BENCH_VOICE_INPUT_RATE } : {}),
            },
            ['--expose-gc', ...SERVER_NODE_ARGS],
            (server) => measure(server, fake, n, 'bridge', tag + 1, CHUNK_FRAMES),
            serverErrors,
          );
          bridges.push(bridge);
          row.roundRatios.push(bridge.cpuMsPerCallSecond / floors.at(-1)!.cpuMsPerCallSecond);
        }
      } catch (error) {
        // The steps so far still get their table; the larger ones are not tried.
        row.skipped = `failed: ${error instanceof Error ? error.message : String(error)}`;
        saturated = n;
        continue;
      }
      row.floor = overRounds(floors);
      if (chunkedFloors.length) row.chunkedFloor = overRounds(chunkedFloors);
      const bridge = overRounds(bridges);
      row.bridge = bridge;
      console.log(
        `  N=${n}: echo ${row.floor.cpuMsPerCallSecond.toFixed(2)} ms/call-s${row.chunkedFloor ? `, chunked echo ${row.chunkedFloor.cpuMsPerCallSecond.toFixed(2)}` : ''}, bridge ${bridge.cpuMsPerCallSecond.toFixed(2)} ms/call-s, lost ${bridge.lostUp}+${bridge.lostDown}, round-trip p99 ${bridge.p99.toFixed(1)} ms, added p99 ${bridge.addedP99.toFixed(1)} ms` +
          (ROUNDS > 1
            ? `; bridge / echo by round ${row.roundRatios.map((ratio) => ratio.toFixed(2)).join(', ')}`
            : '') +
          ` (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
      // Frames lost, or a server out of CPU: larger N can only do worse. A slow p99 alone may be a busy neighbour.
      if (bridge.undelivered || bridge.lostUp > 0 || bridge.lostDown > 0 || bridge.cores.target > SATURATED_CORES)
        saturated = n;
    }
  } finally {
    await fake.stop();
  }
  printTable(rows);
  summarize(rows);
  if (serverErrors.length) console.log(`  server errors: ${serverErrors.length}, first: ${serverErrors[0]}`);
  console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  printLastLine(rows);
}

// Always exit 0, with every child stopped: a failed run prints why, and the table so far is lost only then.
const bail = (error: unknown) => {
  console.error(`bench:voice-capacity failed: ${error instanceof Error ? error.stack : String(error)}`);
  killChildren();
  process.exit(0);
};
process.on('uncaughtException', bail);
process.on('unhandledRejection', bail);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren();
    process.exit(0);
  });
}
await main().catch(bail);
killChildren();
process.exit(0);
