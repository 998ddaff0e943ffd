/** An HTTP status, or why there was none: the connection failed or dropped, or no answer came in time. */
export type Outcome = number | 'no answer' | 'timeout';

export interface Sent {
  kind: string;
  outcome: Outcome;
  /** Epoch ms when the request went out. */
  at: number;
  ms: number;
}

/** Whether a request's effect is known: an answer below 500 says what happened; nothing else does. */
export const answered = (outcome: Outcome): outcome is number => typeof outcome === 'number' && outcome < 500;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Every request the load generator sent, and the table of them a soak prints. */
export class RequestLog {
  readonly sent: Sent[] = [];

  add(request: Sent): void {
    this.sent.push(request);
  }

  /** Requests by kind: how many, each outcome, and latency p50 / p99 over those answered at all. */
  table(): string[] {
    const kinds = [...new Set(this.sent.map((request) => request.kind))].sort();
    const outcomes = [...new Set(this.sent.map((request) => request.outcome))].sort((a, b) =>
      String(a).localeCompare(String(b)),
    );
    const rows = [...kinds.map((kind) => ({ kind, of: this.sent.filter((request) => request.kind === kind) }))];
    rows.push({ kind: 'all', of: this.sent });
    const cells = rows.map(({ kind, of }) => {
      const ms = of.filter((request) => typeof request.outcome === 'number').map((request) => request.ms);
      ms.sort((a, b) => a - b);
      const counts = outcomes.map((outcome) =>
        String(of.filter((request) => request.outcome === outcome).length || ''),
      );
      const p = (n: number) => String(Math.round(percentile(ms, n)));
      return [kind, String(of.length), ...counts, p(50), p(99)];
    });
    const header = ['kind', 'requests', ...outcomes.map(String), 'p50 ms', 'p99 ms'];
    const widths = header.map((label, i) => Math.max(label.length, ...cells.map((row) => row[i]!.length)));
    const line = (row: string[]) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    return [line(header), ...cells.map(line)];
  }
}
