import { expect } from 'chai';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { ALICE, BOB } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('patients handed off to staff, and the front desk calling them back (REST)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  const say = async (phoneNumber: string, message: string) =>
    (await server.request('POST', '/api/v1/chat', { phoneNumber, message })).body.reply as string;
  const waiting = async () =>
    (await server.request('GET', '/api/v1/staff-callbacks')).body.callbacks as Array<Record<string, unknown>>;

  it('lists a patient the receptionist handed off, with why and since when, once however often they ask', async () => {
    expect(await waiting()).to.deep.equal([]);
    const reply = await say(ALICE, 'Is it normal to have a fever after a flu shot?');
    expect(reply).to.match(/staff/i);
    server.clock.advanceMinutes(5);
    await say(ALICE, 'Should I take ibuprofen for the swelling?');

    expect(await waiting()).to.deep.equal([
      {
        phoneNumber: ALICE,
        reason: 'medical question',
        channel: 'sms',
        timesAsked: 2,
        firstRequestedAt: '2026-03-02T08:00:00-05:00',
        lastRequestedAt: '2026-03-02T08:05:00-05:00',
      },
    ]);
  });

  it('takes a patient off the list once called back, and says so when there was nobody to take off', async () => {
    await say(ALICE, 'Is it normal to have a fever after a flu shot?');
    await say(BOB, 'I have chest pains');

    const resolved = await server.request('POST', '/api/v1/staff-callbacks/resolve', { phoneNumber: ALICE });
    expect(resolved).to.deep.equal({ status: 200, body: { phoneNumber: ALICE, resolved: true } });
    expect((await waiting()).map((callback) => [callback.phoneNumber, callback.reason])).to.deep.equal([
      [BOB, 'urgent medical concern'],
    ]);

    const again = await server.request('POST', '/api/v1/staff-callbacks/resolve', { phoneNumber: ALICE });
    expect(again).to.deep.equal({
      status: 404,
      body: {
        error: { code: 'CALLBACK_NOT_FOUND', message: 'phoneNumber: expected a number with an open callback request' },
      },
    });
  });

  it('refuses a resolve without a valid number, and a listing with fields it does not know, naming them', async () => {
    await say(ALICE, 'Is it normal to have a fever after a flu shot?');
    const badNumber = await server.request('POST', '/api/v1/staff-callbacks/resolve', { phoneNumber: 'call me' });
    expect(badNumber.status).to.equal(400);
    expect(badNumber.body.error.message).to.include('phoneNumber: expected an E.164 phone number');
    const badQuery = await server.request('GET', '/api/v1/staff-callbacks?status=open');
    expect(badQuery).to.deep.equal({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', message: 'status: unknown field; expected none' } },
    });
    expect(await waiting()).to.have.length(1);
  });

  it('is behind the API token like the rest of the API', async () => {
    await server.close();
    server = await startTestServer({ apiToken: 'front-desk-token-0123456789' });
    expect((await server.request('GET', '/api/v1/staff-callbacks')).status).to.equal(401);
    const allowed = await server.request('GET', '/api/v1/staff-callbacks', undefined, {
      Authorization: 'Bearer front-desk-token-0123456789',
    });
    expect(allowed).to.deep.equal({ status: 200, body: { callbacks: [] } });
  });

  describe('with a number for staff alerts', () => {
    const STAFF_MOBILE = '+15550100999' as PhoneNumber;
    const messenger = new RecordingMessenger();
    let alerted: TestServer;
    before(async () => {
      alerted = await startTestServer({ messenger, staffAlertNumber: STAFF_MOBILE });
    });
    after(() => alerted.close());

    it('texts staff at once, naming the clinic, when a patient reports an emergency, marked urgent, and when one asks for a person', async () => {
      await alerted.request('POST', '/api/v1/chat', { phoneNumber: BOB, message: 'I have chest pains' });
      await alerted.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message: 'Can I talk to a person please' });
      expect(messenger.sent.map(({ to, body }) => [to, body])).to.deep.equal([
        [STAFF_MOBILE, `Test Clinic: URGENT: Please call back ${BOB} (by phone or text): urgent medical concern`],
        [STAFF_MOBILE, `Test Clinic: Please call back ${ALICE} (by phone or text): patient asked for a person`],
      ]);
    });
  });
});
