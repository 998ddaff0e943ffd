import { expect } from 'chai';
import { aClinic, aProvider } from '../support/clinic-builder.js';
import { ALICE, BOB, CAROL } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe("the front desk's list of a day's appointments (REST)", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clinic: aClinic({ providers: [aProvider('dr-lee'), aProvider('dr-patel')] }) });
    for (const [slotId, phoneNumber] of [
      ['2026-03-02T0900-dr-lee', ALICE],
      ['2026-03-02T1000-dr-patel', BOB],
      ['2026-03-03T0900-dr-lee', CAROL],
    ] as const) {
      await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber });
      expect((await server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber })).status).to.equal(
        201,
      );
    }
  });
  after(() => server.close());

  const listed = async (query: string) => {
    const { status, body } = await server.request('GET', `/api/v1/appointments?${query}`);
    return status === 200
      ? body.appointments.map((a: { slotId: string; phoneNumber: string }) => [a.slotId, a.phoneNumber])
      : { status, error: body.error };
  };

  it("lists every patient's appointments of a clinic-local day, in time order", async () => {
    expect(await listed('date=2026-03-02')).to.deep.equal([
      ['2026-03-02T0900-dr-lee', ALICE],
      ['2026-03-02T1000-dr-patel', BOB],
    ]);
  });

  it("lists one provider's, and a span of days", async () => {
    expect(await listed('date=2026-03-02&providerId=dr-lee')).to.deep.equal([['2026-03-02T0900-dr-lee', ALICE]]);
    const span = new URLSearchParams({
      from: '2026-03-02T00:00:00-05:00',
      to: '2026-03-04T00:00:00-05:00',
      providerId: 'dr-lee',
    });
    expect(await listed(span.toString())).to.deep.equal([
      ['2026-03-02T0900-dr-lee', ALICE],
      ['2026-03-03T0900-dr-lee', CAROL],
    ]);
  });

  it('is asked either for a patient or for a span, naming what was expected', async () => {
    expect(await listed('phoneNumber=%2B15550000001&date=2026-03-02')).to.deep.equal({
      status: 400,
      error: {
        code: 'INVALID_REQUEST',
        message: 'phoneNumber: expected either phoneNumber, or date or from and to, not both',
      },
    });
    expect(await listed('providerId=dr-lee')).to.deep.equal({
      status: 400,
      error: {
        code: 'INVALID_REQUEST',
        message: "phoneNumber: expected a patient's phoneNumber, or date=YYYY-MM-DD, or from and to",
      },
    });
    expect(await listed('from=2026-03-02T00:00:00-05:00')).to.deep.equal({
      status: 400,
      error: { code: 'INVALID_REQUEST', message: 'to: expected date=YYYY-MM-DD, or both from and to' },
    });
  });
});
