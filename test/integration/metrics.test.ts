import { expect } from 'chai';
import { ALICE } from '../support/patients.js';
import { type PrometheusScrape, parsePrometheusText, scrapeMetrics } from '../support/prometheus-text.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'a-long-enough-api-token';
const BEARER = { Authorization: `Bearer ${TOKEN}` };
const REQUESTS = 'receptionist_http_request_duration_seconds_count';

/** A label value that is, or holds, a phone number (E.164, as the API and the channels carry them). */
const PHONE_NUMBER = /\+\d{6,}/;

function expectNoPatientData(scrape: PrometheusScrape, ...said: string[]) {
  for (const value of scrape.labelValues()) {
    expect(value).to.not.match(PHONE_NUMBER);
    for (const text of said) expect(value).to.not.include(text);
  }
}

describe('GET /metrics', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('is refused 401 without the API token, like the API, and served in the text format with it', async () => {
    server = await startTestServer({ apiToken: TOKEN });
    const refused = await server.request('GET', '/metrics');
    expect(refused.status).to.equal(401);
    expect(refused.body.error.code).to.equal('UNAUTHORIZED');
    const scrape = await scrapeMetrics(server.url, BEARER);
    expect(scrape.value(REQUESTS, { route: '/metrics', status: '401' })).to.equal(1);
  });

  it("counts each request under its route's pattern and its status, with its time, never its URL", async () => {
    server = await startTestServer({ apiToken: TOKEN });
    const before = await scrapeMetrics(server.url, BEARER);
    await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`, undefined, BEARER);
    await server.request('POST', '/api/v1/appointments/apt_unknown/cancel', { phoneNumber: ALICE }, BEARER);
    await server.request('POST', '/api/v1/appointments/apt_unknown/cancel', { phoneNumber: ALICE });
    await server.request('GET', '/api/v1/nowhere/apt_unknown', undefined, BEARER);
    const after = await scrapeMetrics(server.url, BEARER);
    const moved = (labels: Record<string, string>) => after.value(REQUESTS, labels) - before.value(REQUESTS, labels);
    expect(moved({ method: 'GET', route: '/api/v1/appointments', status: '200' })).to.equal(1);
    expect(moved({ method: 'POST', route: '/api/v1/appointments/:id/cancel', status: '404' })).to.equal(1);
    // Refused before it reached its route, and still counted there.
    expect(moved({ method: 'POST', route: '/api/v1/appointments/:id/cancel', status: '401' })).to.equal(1);
    expect(moved({ method: 'GET', route: 'unmatched', status: '404' })).to.equal(1);
    const cancels = { route: '/api/v1/appointments/:id/cancel', status: '404' };
    expect(after.value('receptionist_http_request_duration_seconds_bucket', { ...cancels, le: '+Inf' })).to.equal(1);
    expect(after.value('receptionist_http_request_duration_seconds_sum', cancels)).to.be.above(0);
    expectNoPatientData(after, 'apt_unknown', 'nowhere');
  });

  it("carries the process's own figures, and counts each server in a process apart", async () => {
    server = await startTestServer();
    const other = await startTestServer();
    try {
      await server.request('GET', '/api/v1/healthz');
      const [ours, theirs] = [await scrapeMetrics(server.url), await scrapeMetrics(other.url)];
      expect(ours.value(REQUESTS, { route: '/api/v1/healthz' })).to.equal(1);
      expect(theirs.value(REQUESTS, { route: '/api/v1/healthz' })).to.equal(0);
      for (const scrape of [ours, theirs]) {
        expect(scrape.types.get('process_cpu_user_seconds_total')).to.equal('counter');
        expect(scrape.value('nodejs_heap_size_used_bytes')).to.be.above(0);
      }
    } finally {
      await other.close();
    }
  });

  it('is read strictly by these tests: escaped label values kept, a malformed line refused', () => {
    const scrape = parsePrometheusText(
      '# HELP a_total A.\n# TYPE a_total counter\na_total{b="say \\"hi\\"\\\\",c="x}y"} 2\na_total{b="z"} +Inf\n',
    );
    expect(scrape.samples[0]!.labels).to.deep.equal({ b: 'say "hi"\\', c: 'x}y' });
    expect(scrape.value('a_total')).to.equal(Infinity);
    expect(() => scrape.value('a_totl')).to.throw('no metric a_totl');
    expect(() => parsePrometheusText('a_total{b="unterminated} 1\n')).to.throw('malformed labels');
    expect(() => parsePrometheusText('a_total one\n')).to.throw('not a value');
  });
});
