import { expect } from 'chai';

/** One sample of a scrape: a series' name, its labels and its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(?:,|$)/y;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;
// Read as Prometheus reads them (Go's ParseFloat): NaN and Inf in any case; prom-client writes `Nan`.
const VALUES: Record<string, number> = { '+inf': Infinity, inf: Infinity, '-inf': -Infinity, nan: Number.NaN };
const SERIES_SUFFIX = /_(bucket|sum|count)$/;

function labelsOf(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`malformed labels in: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** A scrape as read: its samples, and each metric's declared type. */
export class PrometheusScrape {
  constructor(
    readonly samples: Sample[],
    readonly types: ReadonlyMap<string, string>,
  ) {}

  /**
   * The sum of the samples named `name` whose labels include `labels`: 0 where there are none yet, as
   * a labelled counter is not written until it first moves. A name no metric declares fails, so that
   * a misspelt one cannot pass for a count that did not move.
   */
  value(name: string, labels: Record<string, string> = {}): number {
    if (!this.types.has(name) && !this.types.has(name.replace(SERIES_SUFFIX, '')))
      throw new Error(`no metric ${name} in the scrape`);
    return this.samples
      .filter((sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
      .reduce((sum, sample) => sum + sample.value, 0);
  }

  /** How far `value(name, labels)` moved since `earlier`, a scrape of the same server. */
  movedSince(earlier: PrometheusScrape, name: string, labels: Record<string, string> = {}): number {
    return this.value(name, labels) - earlier.value(name, labels);
  }

  /** Every label value in the scrape. */
  labelValues(): string[] {
    return this.samples.flatMap((sample) => Object.values(sample.labels));
  }
}

/** A label value that is, or holds, a phone number (E.164, as the API and the channels carry them). */
const PHONE_NUMBER = /\+\d{6,}/;

/** No label value in `scrape` holds a phone number, or any of `said`: what patients wrote, their ids. */
export function expectNoPatientData(scrape: PrometheusScrape, ...said: string[]) {
  const values = scrape.labelValues();
  expect(values).to.not.be.empty;
  for (const value of values) {
    expect(value).to.not.match(PHONE_NUMBER);
    for (const text of said) expect(value).to.not.include(text);
  }
}

/**
 * Prometheus's text exposition format (0.0.4), read strictly: a line that is neither a comment nor a
 * well-formed sample throws, rather than being passed over.
 */
export function parsePrometheusText(text: string): PrometheusScrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample: ${line}`);
    const [, name, labels = '', raw] = match;
    const value = VALUES[raw!.toLowerCase()] ?? Number(raw);
    if (Number.isNaN(value) && raw!.toLowerCase() !== 'nan') throw new Error(`not a value: ${line}`);
    samples.push({ name: name!, labels: labelsOf(labels, line), value });
  }
  return new PrometheusScrape(samples, types);
}

/** GET /metrics over HTTP, as Prometheus scrapes it; fails unless answered 200 in the text format. */
export async function scrapeMetrics(
  serverUrl: string,
  headers: Record<string, string> = {},
): Promise<PrometheusScrape> {
  const response = await fetch(`${serverUrl}/metrics`, { headers });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain; version=0.0.4')) throw new Error(`GET /metrics answered ${type}`);
  return parsePrometheusText(text);
}
