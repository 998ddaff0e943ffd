import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import { aClinic } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DAY_HOURS = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '17:00' },
];
const clinic = aClinic({
  weeklyHours: { monday: DAY_HOURS, tuesday: DAY_HOURS, wednesday: DAY_HOURS, thursday: DAY_HOURS, friday: DAY_HOURS },
});
const TUESDAY_AFTERNOON = { from: '2026-03-03T13:00:00-05:00', to: '2026-03-03T17:00:00-05:00' };

describe('blocked time (REST, chat)', () => {
  let server: TestServer;
  let store: InMemoryBookingStore;
  beforeEach(async () => {
    store = new InMemoryBookingStore();
    server = await startTestServer({ clinic, store });
  });
  afterEach(() => server.close());

  const book = async (slotId: string, phoneNumber = ALICE) => {
    expect((await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber })).status).to.equal(201);
    const { status, body } = await server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber });
    expect(status).to.equal(201);
    return body.appointmentId as string;
  };
  const available = async (date: string) =>
    (await server.request('GET', `/api/v1/slots?date=${date}&status=available`)).body.slots.map(
      (slot: { slotId: string }) => slot.slotId,
    );

  it('blocks an afternoon: no channel offers it, holds it or moves an appointment into it', async () => {
    const { status, body } = await server.request('POST', '/api/v1/blocked-time', {
      ...TUESDAY_AFTERNOON,
      reason: 'staff training',
    });
    expect(status).to.equal(200);
    expect(body.cancelled).to.deep.equal([]);
    expect(body.blocked).to.have.length(8);
    expect(body.blocked[0]).to.deep.equal({
      slotId: '2026-03-03T1300',
      start: '2026-03-03T13:00:00-05:00',
      end: '2026-03-03T13:30:00-05:00',
      status: 'BLOCKED',
      blockReason: 'staff training',
    });

    const hold = await server.request('POST', '/api/v1/slots/hold', { slotId: '2026-03-03T1400', phoneNumber: ALICE });
    expect(hold).to.deep.include({ status: 409 });
    expect(hold.body.error).to.deep.equal({
      code: 'SLOT_BLOCKED',
      message: 'slotId: slot 2026-03-03T1400 is not available',
    });

    const free = await available('2026-03-03');
    expect(free).to.include('2026-03-03T1130');
    expect(free.filter((id: string) => id >= '2026-03-03T1300')).to.deep.equal([]);
    const listed = (await server.request('GET', '/api/v1/slots?date=2026-03-03')).body.slots;
    expect(listed.find((slot: { slotId: string }) => slot.slotId === '2026-03-03T1500')).to.include({
      status: 'BLOCKED',
      blockReason: 'staff training',
    });

    const reply = (
      await server.request('POST', '/api/v1/chat', { phoneNumber: BOB, message: 'Book me in Tuesday at 2pm' })
    ).body.reply as string;
    // Times as an en-US clinic writes them: the one asked for, then the ones offered instead.
    const [asked, ...offered] = reply.match(/\d{1,2}:\d{2} [AP]M/g) ?? [];
    expect(asked, reply).to.equal('2:00 PM');
    expect(offered, reply).to.not.be.empty;
    const afternoon = (time: string) => time.endsWith('PM') && !time.startsWith('12:');
    expect(offered.filter(afternoon), reply).to.deep.equal([]);
    await server.request('POST', '/api/v1/chat', { phoneNumber: BOB, message: 'Then Tuesday at 13:30 please' });
    const bobs = (await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(BOB)}`)).body;
    expect(bobs.appointments.filter((a: { start: string }) => a.start >= '2026-03-03T13')).to.deep.equal([]);

    const appointmentId = await book('2026-03-02T0900');
    const moved = await server.request('POST', `/api/v1/appointments/${appointmentId}/reschedule`, {
      phoneNumber: ALICE,
      newSlotId: '2026-03-03T1300',
    });
    expect(moved.status).to.equal(409);
    expect(moved.body.error.code).to.equal('SLOT_BLOCKED');
  });

  it('blocks a holiday weeks ahead, which publishing does not bring back', async () => {
    const easter = await server.request('POST', '/api/v1/blocked-time', {
      date: '2026-04-06',
      reason: 'Easter Monday',
    });
    expect(easter.status).to.equal(200);
    expect(easter.body.blocked).to.have.length(14);

    server.clock.set(Date.parse('2026-04-01T08:00:00-04:00'));
    expect(await new PublishSlots(store, server.clock, clinic).execute()).to.be.above(0);

    expect(await available('2026-04-06')).to.deep.equal([]);
    expect(await available('2026-04-07')).to.have.length(14);
    const hold = await server.request('POST', '/api/v1/slots/hold', { slotId: '2026-04-06T0900', phoneNumber: ALICE });
    expect(hold.body.error.code).to.equal('SLOT_BLOCKED');
  });

  it('refuses to block a booked slot, naming the appointment, then cancels it with the block and tells the patient', async () => {
    const appointmentId = await book('2026-03-03T1500');

    const refused = await server.request('POST', '/api/v1/blocked-time', TUESDAY_AFTERNOON);
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.include({ code: 'SLOT_BOOKED' });
    expect(refused.body.error.appointments).to.deep.equal([appointmentId]);
    expect(refused.body.error.message).to.contain(appointmentId);
    expect(await available('2026-03-03')).to.include('2026-03-03T1300');

    const done = await server.request('POST', '/api/v1/blocked-time', { ...TUESDAY_AFTERNOON, booked: 'cancel' });
    expect(done.status).to.equal(200);
    expect(done.body.blocked).to.have.length(8);
    expect(done.body.cancelled).to.deep.equal([
      {
        appointmentId,
        slotId: '2026-03-03T1500',
        phoneNumber: ALICE,
        start: '2026-03-03T15:00:00-05:00',
        end: '2026-03-03T15:30:00-05:00',
        status: 'CANCELLED',
        channel: 'api',
      },
    ]);
    const owed = (await store.dueNotifications(server.clock.now(), 10)).filter(
      (n) => n.appointmentId === appointmentId,
    );
    expect(owed.map((n) => [n.kind, n.patient])).to.have.deep.members([
      ['BOOKED', ALICE],
      ['CANCELLED', ALICE],
    ]);
  });

  it('unblocks: the time is bookable again', async () => {
    await server.request('POST', '/api/v1/blocked-time', { slotId: '2026-03-03T1300' });
    const { status, body } = await server.request('POST', '/api/v1/blocked-time/remove', { slotId: '2026-03-03T1300' });
    expect(status).to.equal(200);
    expect(body.unblocked.map((slot: { status: string }) => slot.status)).to.deep.equal(['AVAILABLE']);
    expect(await available('2026-03-03')).to.include('2026-03-03T1300');
    await book('2026-03-03T1300');
  });

  it('answers a request that selects no time, or too much, or a provider the clinic lacks, naming the field', async () => {
    const refused = async (body: unknown, path = '/api/v1/blocked-time') => {
      const { status, body: answer } = await server.request('POST', path, body);
      return { status, ...answer.error };
    };
    expect(await refused({ reason: 'holiday' })).to.deep.equal({
      status: 400,
      code: 'INVALID_REQUEST',
      message: 'body: expected exactly one of slotId, date (with toDate for several days), or from and to',
    });
    expect(await refused({ date: '2026-03-02', toDate: '2026-06-30' })).to.deep.equal({
      status: 400,
      code: 'INVALID_REQUEST',
      message: 'toDate: expected a day from date to at most 92 days on, date included',
    });
    expect(await refused({ date: '2026-03-02', providerId: 'dr-who' })).to.deep.include({
      status: 400,
      message: 'providerId: expected none: this clinic lists no providers',
    });
    expect((await refused({ slotId: '2026-03-03T1300', booked: 'maybe' })).message).to.match(/^booked: /);
    expect((await refused({ slotId: '2026-03-03T1300', reason: 'x'.repeat(201) })).message).to.match(/^reason: .*200/);
    expect(
      (await refused({ slotId: '2026-03-03T1300', booked: 'cancel' }, '/api/v1/blocked-time/remove')).message,
    ).to.equal('booked: unknown field; expected only slotId, date, from, to, providerId, toDate');
    expect(await refused({ slotId: '2026-03-03T1315' })).to.deep.include({ status: 404, code: 'SLOT_NOT_FOUND' });
  });
});
