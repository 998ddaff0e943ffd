import { expect } from 'chai';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Each was a 500 once, found by the fuzz test (fuzz.test.ts); each is now a clear 4xx, or a plain answer. */
describe('bad input is answered with a 4xx that says what was wrong, never a 500', () => {
  let server: TestServer;
  afterEach(() => server.close());

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
  });
});
