import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Each was a 500 once, found by the fuzz test (fuzz.test.ts); each is now a clear 4xx, or a plain answer. */
describe('bad input is answered with a 4xx that says what was wrong, never a 500', () => {
  let server: TestServer;
  afterEach(() => server.close());

  async function post(path: string, body: BodyInit, headers: Record<string, string>) {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text) };
  }

  describe('the REST API', () => {
    beforeEach(async () => {
      server = await startTestServer();
    });

    it('lists no slots for a day as far off as 9999-12-31, or as long ago as 0001-01-01', async () => {
      for (const date of ['9999-12-31', '0001-01-01', '0099-12-31']) {
        expect(await server.request('GET', `/api/v1/slots?date=${date}`), date).to.deep.equal({
          status: 200,
          body: { slots: [] },
        });
      }
    });

    it('refuses year 0000 with a 400 that names the days it takes', async () => {
      expect(await server.request('GET', '/api/v1/slots?date=0000-01-01')).to.deep.equal({
        status: 400,
        body: {
          error: {
            code: 'INVALID_REQUEST',
            message: 'date: expected a clinic-local day YYYY-MM-DD, from 0001-01-01 to 9999-12-31',
          },
        },
      });
    });

    it('refuses a body that is not compressed as its Content-Encoding says with a 400', async () => {
      const hold = JSON.stringify({ slotId: '2026-03-02T0900', phoneNumber: ALICE });
      for (const encoding of ['gzip', 'deflate', 'br']) {
        const response = await post('/api/v1/slots/hold', hold, {
          'Content-Type': 'application/json',
          'Content-Encoding': encoding,
        });
        expect(response.status, encoding).to.equal(400);
        expect(response.json().error).to.deep.equal({
          code: 'INVALID_REQUEST',
          message: 'body: expected data compressed as its Content-Encoding says',
        });
      }
    });

    it('reads a body compressed as it says, and refuses an encoding it does not know with a 415', async () => {
      const hold = JSON.stringify({ slotId: '2026-03-02T0900', phoneNumber: ALICE });
      const json = { 'Content-Type': 'application/json' };
      expect(
        (await post('/api/v1/slots/hold', gzipSync(hold), { ...json, 'Content-Encoding': 'gzip' })).status,
      ).to.equal(201);
      const unknown = await post('/api/v1/slots/hold', hold, { ...json, 'Content-Encoding': 'x-compress' });
      expect(unknown.status).to.equal(415);
      expect(unknown.json().error).to.deep.equal({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Content-Encoding: expected gzip, deflate, br or identity',
      });
    });
  });
});
