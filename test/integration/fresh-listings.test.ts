import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CLINIC_ID } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { blockInAnotherProcess } from '../support/sqlite-other-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const NINE = '2026-03-02T0900';
const MONDAY = '/api/v1/slots?date=2026-03-02';

/**
 * A listing is answered again while nothing it shows has changed; every change must still show on
 * the very next one, whoever made it and whenever a hold runs out.
 */
describe('GET /slots on SQLite never shows a slot as it was', () => {
  let directory: string;
  let path: string;
  let server: TestServer;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'fresh-listings-'));
    path = join(directory, 'clinic.sqlite');
    server = await startTestServer({ storage: 'sqlite', sqlitePath: path });
  });
  afterEach(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const nine = async (query = '') => {
    const { status, body } = await server.request('GET', `${MONDAY}${query}`);
    expect(status).to.equal(200);
    return body.slots.find((slot: { slotId: string }) => slot.slotId === NINE);
  };
  const succeeds = async (method: string, route: string, body: unknown) => {
    const { status, body: answer } = await server.request(method, route, body);
    expect(status, JSON.stringify(answer)).to.be.oneOf([200, 201]);
    return answer;
  };

  it('shows each hold, confirmation, cancellation, block and unblock made through the server on the next listing', async () => {
    expect(await nine()).to.include({ status: 'AVAILABLE' });
    expect(await nine('&status=available')).to.include({ status: 'AVAILABLE' });

    await succeeds('POST', '/api/v1/slots/hold', { slotId: NINE, phoneNumber: ALICE });
    expect(await nine()).to.include({ status: 'HELD', holdExpiresAt: '2026-03-02T08:10:00-05:00' });
    expect(await nine('&status=available')).to.equal(undefined);

    const { appointmentId } = await succeeds('POST', '/api/v1/appointments/confirm', {
      slotId: NINE,
      phoneNumber: ALICE,
    });
    expect(await nine()).to.deep.equal({
      slotId: NINE,
      start: '2026-03-02T09:00:00-05:00',
      end: '2026-03-02T09:30:00-05:00',
      status: 'BOOKED',
    });

    await succeeds('POST', `/api/v1/appointments/${appointmentId}/cancel`, { phoneNumber: ALICE });
    expect(await nine()).to.include({ status: 'AVAILABLE' });
    expect(await nine('&status=available')).to.include({ status: 'AVAILABLE' });

    await succeeds('POST', '/api/v1/blocked-time', { slotId: NINE, reason: 'fire drill' });
    expect(await nine()).to.include({ status: 'BLOCKED', blockReason: 'fire drill' });
    expect(await nine('&status=available')).to.equal(undefined);

    await succeeds('POST', '/api/v1/blocked-time/remove', { slotId: NINE });
    expect(await nine()).to.deep.equal({
      slotId: NINE,
      start: '2026-03-02T09:00:00-05:00',
      end: '2026-03-02T09:30:00-05:00',
      status: 'AVAILABLE',
    });
  });

  it('shows on the next listing a slot another process changed in the file', async () => {
    expect(await nine()).to.include({ status: 'AVAILABLE' });
    blockInAnotherProcess(path, CLINIC_ID, NINE, 'boiler repair');
    expect(await nine()).to.include({ status: 'BLOCKED', blockReason: 'boiler repair' });
  });

  it('shows a held slot free again at the very millisecond its hold expires', async () => {
    await succeeds('POST', '/api/v1/slots/hold', { slotId: NINE, phoneNumber: ALICE });
    const expiry = Date.parse('2026-03-02T08:10:00-05:00');
    server.clock.set(expiry - 1);
    expect(await nine()).to.include({ status: 'HELD' });
    server.clock.set(expiry);
    expect(await nine()).to.not.have.property('holdExpiresAt');
    expect(await nine()).to.include({ status: 'AVAILABLE' });
  });

  it('answers a listing as JSON, typed so', async () => {
    const response = await fetch(`${server.url}${MONDAY}`);
    expect(response.headers.get('Content-Type')).to.equal('application/json; charset=utf-8');
    const first = await response.text();
    expect(JSON.parse(first).slots).to.have.length(6);
    expect(await (await fetch(`${server.url}${MONDAY}`)).text()).to.equal(first);
  });
});
