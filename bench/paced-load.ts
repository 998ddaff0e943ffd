import { Agent, request } from 'node:http';

export interface PacedResult {
  sent: number;
  answered: number;
  failed: number;
  p50: number;
  p99: number;
}

/**
 * Open-loop load at an even pace: one request every 1/rate seconds, whatever the answers do, as
 * independent patients would send them. (autocannon's overallRate releases each second's quota in
 * a burst, which measures bursts rather than a steady rate.)
 */
export async function pacedLoad(
  url: string,
  ratePerSecond: number,
  seconds: number,
  post?: { body: () => string; contentType: string },
): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let failed = 0;
  const total = ratePerSecond * seconds;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const payload = post?.body() ?? '';
    const headers = post ? { 'content-type': post.contentType, 'content-length': Buffer.byteLength(payload) } : {};
    const sentAt = performance.now();
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(url, { method: post ? 'POST' : 'GET', agent, headers }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - sentAt);
            else failed++;
            resolve();
          });
        });
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end(payload);
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN);
  return { sent: total, answered: latencies.length, failed, p50: at(50), p99: at(99) };
}
