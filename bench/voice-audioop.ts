import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/*
 * The Python prototype's audioop conversions, run by bench/voice-audioop.py with the system python3.
 * Each timed round is a process of its own, so the benchmark can alternate its rounds with ours: on a
 * shared machine, rounds seconds apart can run at quite different speeds.
 */

const SCRIPT = fileURLToPath(new URL('../../bench/voice-audioop.py', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/audio/', import.meta.url));

export type Direction = 'inbound' | 'outbound';

/** The speech clip as audioop converts it frame by frame, or why audioop cannot be measured here. */
export type AudioopClip =
  | { available: true; python: string; pcm16k: Int16Array; mulaw8k: Uint8Array }
  | { available: false; why: string };

export function audioopClip(): AudioopClip {
  const run = runScript('convert');
  if (!run.ran) return { available: false, why: run.why };
  const { python, pcm16k, mulaw8k } = run.answer as { python: string; pcm16k: string; mulaw8k: string };
  const pcmBytes = Buffer.from(pcm16k, 'base64');
  return {
    available: true,
    python,
    pcm16k: Int16Array.from({ length: pcmBytes.length / 2 }, (_, n) => pcmBytes.readInt16LE(2 * n)),
    mulaw8k: new Uint8Array(Buffer.from(mulaw8k, 'base64')),
  };
}

/** One round of audioop converting `frames` 20 ms frames in one direction, in microseconds a frame. */
export function audioopRound(direction: Direction, frames: number): number {
  const run = runScript('time', direction, String(frames));
  if (!run.ran) throw new Error(`audioop stopped working mid-benchmark: ${run.why}`);
  return (run.answer as { microsecondsPerFrame: number }).microsecondsPerFrame;
}

function runScript(...args: string[]): { ran: true; answer: Record<string, unknown> } | { ran: false; why: string } {
  const run = spawnSync('python3', [SCRIPT, FIXTURES, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.error) return { ran: false, why: `python3 did not run (${run.error.message})` };
  if (run.status !== 0)
    return { ran: false, why: `python3 exited with ${run.status}: ${run.stderr.trim().split('\n').at(-1)}` };
  const answer = JSON.parse(run.stdout) as Record<string, unknown>;
  return typeof answer.unavailable === 'string' ? { ran: false, why: answer.unavailable } : { ran: true, answer };
}
