import { expect } from 'chai';
import { ALICE, BOB } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Whole conversations with the offline receptionist over HTTP, each checked against the store
 * afterwards through the REST API. The clock stands at Monday 2 March 2026, 08:00 in New York;
 * the test clinic opens weekday mornings, 09:00 to 12:00, in 30-minute slots.
 */
describe('texting the receptionist (offline model, end to end)', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  async function say(phoneNumber: string, message: string): Promise<string> {
    const { status, body } = await server.request('POST', '/api/v1/chat', { phoneNumber, message });
    expect(status, JSON.stringify(body)).to.equal(200);
    return body.reply as string;
  }
  async function appointmentsOf(phoneNumber: string) {
    const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(phoneNumber)}`);
    return body.appointments as { appointmentId: string; slotId: string; status: string }[];
  }
  const slotStatus = async (slotId: string) => {
    const { body } = await server.request('GET', `/api/v1/slots?date=${slotId.slice(0, 10)}`);
    return body.slots.find((slot: { slotId: string }) => slot.slotId === slotId)?.status;
  };

  it('books with a natural date after asking the patient to confirm', async () => {
    const offer = await say(ALICE, 'can I book tomorrow at 10am?');
    expect(offer)
      .to.match(/Tuesday, March 3/)
      .and.match(/10:00/)
      .and.match(/YES/i);
    expect(await appointmentsOf(ALICE)).to.deep.equal([]);
    expect(await slotStatus('2026-03-03T1000')).to.equal('HELD');
    const booked = await say(ALICE, 'yes');
    expect(booked).to.match(/booked/i);
    expect((await appointmentsOf(ALICE)).map((a) => [a.slotId, a.status])).to.deep.equal([
      ['2026-03-03T1000', 'BOOKED'],
    ]);
    expect(await slotStatus('2026-03-03T1000')).to.equal('BOOKED');
  });

  it('offers the nearest free times when the asked time is taken, and books the one accepted', async () => {
    await say(BOB, 'tomorrow at 10 please');
    await say(BOB, 'yes');
    const offer = await say(ALICE, 'do you have tomorrow at 10?');
    expect(offer)
      .to.match(/10:00 AM is taken/)
      .and.match(/9:30/)
      .and.match(/10:30/);
    const held = await say(ALICE, 'the 10:30 works');
    expect(held).to.match(/10:30/).and.match(/YES/i);
    await say(ALICE, 'yes please');
    expect((await appointmentsOf(ALICE)).map((a) => [a.slotId, a.status])).to.deep.equal([
      ['2026-03-03T1030', 'BOOKED'],
    ]);
    expect((await appointmentsOf(BOB)).map((a) => [a.slotId, a.status])).to.deep.equal([['2026-03-03T1000', 'BOOKED']]);
  });

  it('moves "my 10am to Friday instead" in one step, keeping the time of day', async () => {
    await say(ALICE, 'book me tuesday at 10');
    await say(ALICE, 'yes');
    const [before] = await appointmentsOf(ALICE);
    const proposal = await say(ALICE, 'can I move my 10am to Friday instead?');
    expect(proposal)
      .to.match(/Friday, March 6/)
      .and.match(/10:00/);
    expect(await say(ALICE, 'yes')).to.match(/moved|Friday/i);
    const after = await appointmentsOf(ALICE);
    expect(after).to.have.length(1);
    expect(after[0]).to.include({ appointmentId: before!.appointmentId, slotId: '2026-03-06T1000', status: 'BOOKED' });
    expect(await slotStatus('2026-03-03T1000')).to.equal('AVAILABLE');
  });

  it('cancels after the patient confirms which appointment', async () => {
    await say(ALICE, 'book wednesday at 9');
    await say(ALICE, 'yes');
    const question = await say(ALICE, 'cancel my appointment');
    expect(question)
      .to.match(/Wednesday, March 4/)
      .and.match(/YES/i);
    expect((await appointmentsOf(ALICE))[0]!.status).to.equal('BOOKED');
    expect(await say(ALICE, 'yes')).to.match(/cancel/i);
    expect((await appointmentsOf(ALICE))[0]!.status).to.equal('CANCELLED');
    expect(await slotStatus('2026-03-04T0900')).to.equal('AVAILABLE');
  });

  it('keeps two patients texting at once apart', async () => {
    const [aliceOffer, bobOffer] = await Promise.all([
      say(ALICE, 'thursday at 9 please'),
      say(BOB, 'friday at 11 please'),
    ]);
    expect(aliceOffer)
      .to.match(/Thursday, March 5/)
      .and.not.match(/Friday/);
    expect(bobOffer)
      .to.match(/Friday, March 6/)
      .and.not.match(/Thursday/);
    await Promise.all([say(ALICE, 'yes'), say(BOB, 'yes')]);
    expect((await appointmentsOf(ALICE)).map((a) => a.slotId)).to.deep.equal(['2026-03-05T0900']);
    expect((await appointmentsOf(BOB)).map((a) => a.slotId)).to.deep.equal(['2026-03-06T1100']);
    expect(await say(BOB, 'when is my appointment?'))
      .to.match(/Friday, March 6/)
      .and.not.match(/Thursday/);
  });

  it('holds an expired slot again before confirming', async () => {
    await say(ALICE, 'tuesday at 11');
    server.clock.advanceMinutes(15);
    const again = await say(ALICE, 'yes');
    expect(again)
      .to.match(/expired/i)
      .and.match(/YES/i);
    expect(await appointmentsOf(ALICE)).to.deep.equal([]);
    expect(await slotStatus('2026-03-03T1100')).to.equal('HELD');
    expect(await say(ALICE, 'yes')).to.match(/booked/i);
    expect((await appointmentsOf(ALICE)).map((a) => [a.slotId, a.status])).to.deep.equal([
      ['2026-03-03T1100', 'BOOKED'],
    ]);
  });
});
