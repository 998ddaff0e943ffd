import { expect } from 'chai';
import { aClinic, aProvider } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const OPERATOR = 'operator-token-for-tests-0123456789';

describe('the staff console page (served beside the API)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      apiToken: OPERATOR,
      clinic: aClinic({ providers: [aProvider('dr-lee'), aProvider('dr-patel')] }),
    });
  });
  after(() => server.close());

  const get = (path: string) => fetch(`${server.url}${path}`);

  it('serves its page without a token, with a policy that allows only this server and no framing', async () => {
    for (const path of ['/console', '/console/week']) {
      const response = await get(path);
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).to.match(/^default-src 'self'; script-src 'self';/);
      expect(response.headers.get('content-security-policy')).to.include("frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).to.equal('DENY');
      expect(response.headers.get('referrer-policy')).to.equal('same-origin');
      const html = await response.text();
      expect(html).to.include('<script type="module" src="/console/assets/main.js"></script>');
      // No inline script: the policy would refuse it.
      expect(html).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });

  it('serves the built bundle, and 404 for a file that is not one of it', async () => {
    const script = await get('/console/assets/main.js');
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.match(/javascript/);
    expect(script.headers.get('cache-control')).to.equal('no-cache');
    expect((await script.text()).length).to.be.above(1000);
    expect((await get('/console/assets/console.css')).headers.get('content-type')).to.match(/^text\/css/);
    for (const path of ['/console/assets/nothing.js', '/console/assets/..%2F..%2Fpackage.json']) {
      const missing = await get(path);
      expect(missing.status, path).to.equal(404);
      expect((await missing.json()).error.code).to.equal('NOT_FOUND');
    }
  });

  it('leaves the API behind its token', async () => {
    expect((await get('/api/v1/slots?date=2026-03-02')).status).to.equal(401);
  });

  it("lists the clinic's providers by name, for the console's provider filter", async () => {
    expect(
      await server.request('GET', '/api/v1/providers', undefined, { Authorization: `Bearer ${OPERATOR}` }),
    ).to.deep.equal({
      status: 200,
      body: {
        providers: [
          { providerId: 'dr-lee', name: 'Dr. dr-lee' },
          { providerId: 'dr-patel', name: 'Dr. dr-patel' },
        ],
      },
    });
  });

  it('tells until when a held slot waits, so the front desk sees how long the caller has left', async () => {
    const operator = { Authorization: `Bearer ${OPERATOR}` };
    const slotId = '2026-03-02T0930-dr-lee';
    expect(
      (await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber: ALICE }, operator)).status,
    ).to.equal(201);
    const { body } = await server.request(
      'GET',
      '/api/v1/slots?date=2026-03-02&providerId=dr-lee',
      undefined,
      operator,
    );
    const [held, ...others] = body.slots.filter((slot: { slotId: string }) =>
      ['2026-03-02T0930-dr-lee', '2026-03-02T1000-dr-lee'].includes(slot.slotId),
    );
    expect(held).to.deep.include({ status: 'HELD', holdExpiresAt: '2026-03-02T08:10:00-05:00' });
    expect(others[0]).to.include({ status: 'AVAILABLE' }).and.not.to.have.property('holdExpiresAt');
  });
});
