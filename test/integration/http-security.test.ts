import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { requestWithHeaders } from '../support/http-post.js';
import { ALICE } from '../support/patients.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

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
        expect(response.body.error).to.deep.include({
          code: 'UNAUTHORIZED',
          message: 'Authorization: expected the header "Bearer <API_TOKEN or a clinic token>"',
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

  describe('the Host a request names', () => {
    const PUBLIC_BASE_URL = 'https://clinic.example.com';
    const APPOINTMENTS = `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`;
    const port = () => new URL(server!.url).port;
    const get = (path: string, host: string, headers: Record<string, string> = {}) =>
      requestWithHeaders(`${server!.url}${path}`, { headers: { Host: host, ...headers } });

    it('refuses any other than loopback at its port, as a page on a rebound domain would send, with 421', async () => {
      server = await startTestServer();
      for (const host of [`attacker.example:${port()}`, 'attacker.example', `127.0.0.1:${Number(port()) + 1}`]) {
        const response = await get(APPOINTMENTS, host);
        expect(response.status, host).to.equal(421);
        expect(response.body.error).to.deep.include({
          code: 'MISDIRECTED_REQUEST',
          message: `Host: expected 127.0.0.1:${port()}, localhost:${port()} or [::1]:${port()}`,
        });
      }
    });

    it('refuses any other than the public host or loopback at its port when PUBLIC_BASE_URL is set', async () => {
      server = await startTestServer({
        apiToken: TOKEN,
        twilio: { authToken: 'twilio-token', publicBaseUrl: PUBLIC_BASE_URL },
      });
      const authorized = { Authorization: `Bearer ${TOKEN}` };
      const response = await get(APPOINTMENTS, 'clinic.example.com.attacker.example', authorized);
      expect(response.status).to.equal(421);
      expect(response.body.error.message).to.equal(
        `Host: expected clinic.example.com, 127.0.0.1:${port()}, localhost:${port()} or [::1]:${port()}`,
      );
      for (const host of [
        'clinic.example.com',
        'Clinic.Example.com:443',
        `127.0.0.1:${port()}`,
        `localhost:${port()}`,
        `[::1]:${port()}`,
      ]) {
        expect((await get(APPOINTMENTS, host, authorized)).status, host).to.equal(200);
      }
    });

    it('leaves the health check open to any Host, as load balancers call it by address', async () => {
      server = await startTestServer();
      expect((await get('/api/v1/healthz', '10.0.0.7:3000')).status).to.equal(200);
    });
  });

  describe('a page of another site', () => {
    let model: EchoLanguageModel;
    beforeEach(async () => {
      model = new EchoLanguageModel();
      server = await startTestServer({ languageModel: model, twilio: UNSIGNED_LOCAL_WEBHOOKS });
    });
    const post = (path: string, contentType: string, body: string, origin: string) =>
      requestWithHeaders(`${server!.url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': contentType, Origin: origin },
        body,
      });

    it('cannot post a form to the webhooks of a server on loopback, though they take unsigned texts', async () => {
      const form = new URLSearchParams({ MessageSid: `SM${'1'.repeat(32)}`, From: ALICE, Body: 'STOP' });
      const response = await post(
        '/api/v1/sms/webhook',
        'application/x-www-form-urlencoded',
        form.toString(),
        'https://attacker.example',
      );
      expect(response.status).to.equal(403);
      expect(response.body.error).to.deep.include({
        code: 'CROSS_SITE_REQUEST',
        message: "Origin: expected none, or this server's own; pages of other sites may not call it",
      });
      expect(model.calls).to.equal(0);
    });

    it('cannot talk to the receptionist as a patient, nor from a sandboxed page (Origin null)', async () => {
      const chat = JSON.stringify({ phoneNumber: ALICE, message: 'cancel my appointment' });
      for (const origin of ['https://attacker.example', 'null']) {
        expect((await post('/api/v1/chat', 'application/json', chat, origin)).status, origin).to.equal(403);
      }
      expect(model.calls).to.equal(0);
    });

    it("is told apart from the server's own pages, which may call it", async () => {
      const chat = JSON.stringify({ phoneNumber: ALICE, message: 'hello' });
      const response = await post('/api/v1/chat', 'application/json', chat, server!.url);
      expect(response.status).to.equal(200);
      expect(response.body.reply).to.equal('You said: hello');
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
    expect((await response.json()).error).to.deep.include({
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
