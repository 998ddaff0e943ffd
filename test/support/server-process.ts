import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The real entry point in its own process, as `npm start` runs it, on a port the OS picks. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', WORKERS: '1', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 45_000);
    const watch = () => {
      const listening = /"url":"(http:[^"]+)".*"msg":"listening"/.exec(output);
      if (listening) {
        clearTimeout(timer);
        child.stdout.off('data', watch);
        resolve(listening[1]!);
      }
    };
    child.stdout.on('data', watch);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${output}`), { code, output }));
    });
  });
  return {
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

/** Runs the entry point expecting it to refuse to start; resolves with its exit code and output. */
export async function failedStart(env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const started = await startServerProcess(env);
    await started.stop();
    throw new Error('the server started');
  } catch (error) {
    const { code, output } = error as { code?: number; output?: string };
    if (code === undefined) throw error;
    return { code, output: output ?? '' };
  }
}

/** Holds and confirms the first `count` free slots of the next two weeks for `patient`; their appointment ids. */
export async function bookThroughApi(url: string, patient: string, count: number): Promise<string[]> {
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
  const { slots } = await (
    await fetch(`${url}/api/v1/slots?${new URLSearchParams({ from, to, status: 'available' })}`)
  ).json();
  if (slots.length < count) throw new Error(`only ${slots.length} free slots to book ${count}`);
  const booked: string[] = [];
  for (const { slotId } of slots.slice(0, count)) {
    const post = (path: string) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ slotId, phoneNumber: patient }),
      });
    if ((await post('/api/v1/slots/hold')).status !== 201) throw new Error(`could not hold ${slotId}`);
    const confirmed = await post('/api/v1/appointments/confirm');
    if (confirmed.status !== 201) throw new Error(`could not confirm ${slotId}: ${confirmed.status}`);
    booked.push((await confirmed.json()).appointmentId);
  }
  return booked;
}
