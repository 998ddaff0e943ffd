import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'a-long-enough-api-token';

describe('REST API access and failures', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  describe('with API_TOKEN set', () => {
    beforeEach(async () => {
      server = await startTestServer({ apiToken: TOKEN });
    });

    it('refuses requests without the bearer token, or with another one', async () => {
      const attempts: Record<string, string>[] = [
        {},
        { Authorization: 'Bearer wrong-token' },
        { Authorization: TOKEN },
      ];
      for (const headers of attempts) {
        const response = await server!.request('GET', '/api/v1/slots?date=2026-03-02', undefined, headers);
        expect(response.status).to.equal(401);
        expect(response.body.error).to.deep.equal({
          code: 'UNAUTHORIZED',
          message: 'Authorization: expected the header "Bearer <API_TOKEN>"',
        });
      }
    });

    it('serves requests that carry the token', async () => {
      const response = await server!.request('GET', '/api/v1/slots?date=2026-03-02', undefined, {
        Authorization: `Bearer ${TOKEN}`,
      });
      expect(response.status).to.equal(200);
    });

    it('leaves the health check open for load balancers', async () => {
      expect((await server!.request('GET', '/api/v1/healthz')).status).to.equal(200);
    });
  });

  it('answers 503 with Retry-After while the store is unreachable', async () => {
    const store = new InMemoryBookingStore();
    store.slot = async () => {
      throw new StoreUnavailableError(new Error('connect ECONNREFUSED 10.0.0.1:443'));
    };
    server = await startTestServer({ store });
    const response = await fetch(`${server.url}/api/v1/slots/hold`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ slotId: '2026-03-02T0900', phoneNumber: ALICE }),
    });
    expect(response.status).to.equal(503);
    expect(response.headers.get('retry-after')).to.equal('5');
    expect((await response.json()).error).to.deep.equal({
      code: 'STORE_UNAVAILABLE',
      message: 'the appointment store is not answering; try again in a few seconds',
    });
  });

  it('answers an unexpected failure with a 500 that reveals only a request id', async () => {
    const store = new InMemoryBookingStore();
    store.appointmentsOf = async () => {
      throw new Error(`disk on fire at /var/lib/clinic for ${ALICE}`);
    };
    server = await startTestServer({ store });
    const response = await fetch(`${server.url}/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`);
    const body = await response.json();
    expect(response.status).to.equal(500);
    expect(body.error.code).to.equal('INTERNAL');
    expect(body.error.message).to.equal(
      `something went wrong on our side; quote request id ${response.headers.get('x-request-id')}`,
    );
    expect(JSON.stringify(body)).to.not.match(/disk|\/var|5550000001|at /);
  });
});
