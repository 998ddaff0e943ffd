import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A store that answers until a test takes it down. */
class FailingStore extends InMemoryBookingStore {
  down = false;

  override async ready(): Promise<void> {
    if (this.down) throw new StoreUnavailableError(new Error('connect ECONNREFUSED 10.1.2.3:8000'));
  }
}

describe('readiness and liveness probes', () => {
  let server: TestServer;
  let store: FailingStore;
  beforeEach(async () => {
    store = new FailingStore();
    server = await startTestServer({ store, apiToken: 'a-token-of-sixteen-or-more' });
  });
  afterEach(() => server.close());

  it('answers ready, without a token, while the store answers', async () => {
    expect(await server.request('GET', '/api/v1/readyz')).to.deep.equal({ status: 200, body: { status: 'ready' } });
  });

  it('answers 503 with the reason, and nothing of the store, once the store stops answering', async () => {
    store.down = true;
    const { status, body } = await server.request('GET', '/api/v1/readyz');
    expect(status).to.equal(503);
    expect(body.error.code).to.equal('STORE_UNAVAILABLE');
    expect(body.error.message).to.include('store is not answering');
    expect(JSON.stringify(body)).to.not.include('10.1.2.3');
  });

  it('stays alive while not ready: /healthz is liveness only', async () => {
    store.down = true;
    expect((await server.request('GET', '/api/v1/healthz')).status).to.equal(200);
  });
});

describe('the request id', () => {
  it('is in every error body, as in X-Request-Id, and in every line logged while the request ran', async () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const record = (fields: object, message: string) => lines.push({ fields: { ...fields }, message });
    const server = await startTestServer({ logger: { debug: record, info: record, warn: record, error: record } });
    try {
      const refused = await fetch(`${server.url}/api/v1/slots?date=0000-01-01`);
      const body = await refused.json();
      expect(body.error.requestId).to.be.a('string').and.equal(refused.headers.get('X-Request-Id'));

      const chat = await fetch(`${server.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ phoneNumber: '+15551234567', message: 'Can I see a doctor on Monday morning?' }),
      });
      expect(chat.status).to.equal(200);
      const requestId = chat.headers.get('X-Request-Id');
      const toolCalls = lines.filter(({ message }) => message === 'tool call');
      expect(toolCalls).to.not.be.empty;
      for (const line of toolCalls) expect(line.fields.requestId).to.equal(requestId);
    } finally {
      await server.close();
    }
  });
});
