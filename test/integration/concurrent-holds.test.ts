import { Agent } from 'node:http';
import { expect } from 'chai';
import { postJson } from '../support/http-post.js';
import { aCrowdOf } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PATIENTS = aCrowdOf(200);

describe('200 patients holding one slot at the same moment, on SQLite', () => {
  let server: TestServer;
  const agent = new Agent({ keepAlive: true, maxSockets: PATIENTS.length });
  before(async () => {
    server = await startTestServer({ storage: 'sqlite', sqlitePath: ':memory:' });
  });
  after(async () => {
    agent.destroy();
    await server.close();
  });

  it('gives the slot to exactly one of them and answers every other 409', async () => {
    const responses = await Promise.all(
      PATIENTS.map(async (phoneNumber) => ({
        phoneNumber,
        ...(await postJson(agent, `${server.url}/api/v1/slots/hold`, { slotId: '2026-03-02T0900', phoneNumber })),
      })),
    );
    const winners = responses.filter((r) => r.status === 201);
    expect(winners).to.have.length(1);
    expect(responses.filter((r) => r.status === 409)).to.have.length(199);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SLOT_UNAVAILABLE')).to.equal(
      true,
    );

    const winner = winners[0]!.phoneNumber;
    const slots = (await server.request('GET', '/api/v1/slots?date=2026-03-02')).body.slots;
    expect(slots[0]).to.include({ slotId: '2026-03-02T0900', status: 'HELD' });
    expect(
      (await server.request('POST', '/api/v1/appointments/confirm', { slotId: '2026-03-02T0900', phoneNumber: winner }))
        .status,
    ).to.equal(201);
  });
});
