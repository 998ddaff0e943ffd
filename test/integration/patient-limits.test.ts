import { Agent } from 'node:http';
import { expect } from 'chai';
import { useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { aDynamoDbStore } from '../support/dynamodb-stores.js';
import { postJson } from '../support/http-post.js';
import { ALICE, BOB } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const dynamoDbLocal = useSharedDynamoDbLocal();

const WEEKDAYS = ['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'];
const TIMES = ['0900', '0930', '1000', '1030', '1100', '1130'];

/** The test clinic's slots from Tuesday 3 March on, in time order: weekdays, 09:00 to 11:30, every half hour. */
const slotsFrom = (count: number) => WEEKDAYS.flatMap((day) => TIMES.map((time) => `${day}T${time}`)).slice(0, count);

describe('how much of the schedule one patient may take (MAX_HOLDS_PER_PATIENT, MAX_APPOINTMENTS_PER_PATIENT)', () => {
  describe('over REST, with the defaults of 3 and 3', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer();
    });
    afterEach(() => server.close());

    const hold = (slotId: string, phoneNumber: string = ALICE) =>
      server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber });
    const confirm = (slotId: string, phoneNumber: string = ALICE) =>
      server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber });
    const statusOf = async (slotId: string) =>
      (await server.request('GET', `/api/v1/slots?date=${slotId.slice(0, 10)}`)).body.slots.find(
        (slot: { slotId: string }) => slot.slotId === slotId,
      ).status;

    it('refuses a fourth live hold with 409 TOO_MANY_HOLDS, naming the limit, and leaves the slot free', async () => {
      const [a, b, c, d] = slotsFrom(4);
      for (const slotId of [a!, b!, c!]) expect((await hold(slotId)).status).to.equal(201);
      const refused = await hold(d!);
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('TOO_MANY_HOLDS');
      expect(refused.body.error.message).to.match(/^phoneNumber: .*\(3\)/);
      expect(await statusOf(d!)).to.equal('AVAILABLE');
      expect((await hold(d!, BOB)).status, 'another patient is not counted with her').to.equal(201);
    });

    it('still lets the patient hold again a slot already held, and hold anew once a hold has expired or been booked', async () => {
      const [a, b, c, d, e] = slotsFrom(5);
      for (const slotId of [a!, b!, c!]) await hold(slotId);
      expect((await hold(a!)).status).to.equal(201);
      expect((await confirm(a!)).status).to.equal(201);
      expect((await hold(d!)).status).to.equal(201);
      expect((await hold(e!)).status).to.equal(409);
      server.clock.advanceMinutes(11);
      expect((await hold(e!)).status).to.equal(201);
    });

    it('refuses a fourth upcoming appointment with 409 TOO_MANY_APPOINTMENTS, keeping the hold', async () => {
      const [a, b, c, d] = slotsFrom(4);
      for (const slotId of [a!, b!, c!]) {
        await hold(slotId);
        expect((await confirm(slotId)).status).to.equal(201);
      }
      expect((await hold(d!)).status).to.equal(201);
      const refused = await confirm(d!);
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('TOO_MANY_APPOINTMENTS');
      expect(refused.body.error.message).to.match(/^phoneNumber: .*\(3\)/);
      expect(await statusOf(d!)).to.equal('HELD');
    });

    it('lets a patient at the limit move an appointment, and book again once one is cancelled', async () => {
      const [a, b, c, d] = slotsFrom(4);
      const ids: string[] = [];
      for (const slotId of [a!, b!, c!]) {
        await hold(slotId);
        ids.push((await confirm(slotId)).body.appointmentId);
      }
      const moved = await server.request('POST', `/api/v1/appointments/${ids[0]}/reschedule`, {
        phoneNumber: ALICE,
        newSlotId: d,
      });
      expect(moved.status).to.equal(200);
      expect((await hold(a!)).status).to.equal(201);
      expect((await confirm(a!)).status).to.equal(409);
      await server.request('POST', `/api/v1/appointments/${ids[1]}/cancel`, { phoneNumber: ALICE });
      expect((await confirm(a!)).status).to.equal(201);
    });

    it('counts appointments that have started no more', async () => {
      const [a, b, c, d] = slotsFrom(4);
      for (const slotId of [a!, b!, c!]) {
        await hold(slotId);
        await confirm(slotId);
      }
      server.clock.set('2026-03-03T09:01:00-05:00');
      await hold(d!);
      expect((await confirm(d!)).status).to.equal(201);
    });
  });

  // On DynamoDB Local each read and commit is real I/O, so the 25 requests' reads and commits
  // interleave as they would on any shared store (an in-process SQLite answers each use case in one go).
  describe('one number holding 25 slots at the same moment, on DynamoDB Local', () => {
    let server: TestServer;
    const agent = new Agent({ keepAlive: true, maxSockets: 25 });
    before(async function () {
      this.timeout(60_000);
      server = await startTestServer({ store: await aDynamoDbStore(await dynamoDbLocal()) });
    });
    after(async () => {
      agent.destroy();
      await server.close();
    });

    it('gets exactly 3 of them; every other request is answered 409 TOO_MANY_HOLDS', async function () {
      this.timeout(60_000);
      const responses = await Promise.all(
        slotsFrom(25).map((slotId) =>
          postJson(agent, `${server.url}/api/v1/slots/hold`, { slotId, phoneNumber: ALICE }),
        ),
      );
      expect(responses.filter((r) => r.status === 201)).to.have.length(3);
      const refused = responses.filter((r) => r.status !== 201);
      expect(refused.map((r) => `${r.status} ${r.body.error.code}`)).to.deep.equal(
        Array(22).fill('409 TOO_MANY_HOLDS'),
      );
      const statuses = await Promise.all(
        WEEKDAYS.map(async (date) => (await server.request('GET', `/api/v1/slots?date=${date}`)).body.slots),
      );
      expect(statuses.flat().filter((slot: { status: string }) => slot.status === 'HELD')).to.have.length(3);
    });
  });

  describe('configured', () => {
    it('holds as many as the clinic allows', async () => {
      const server = await startTestServer({ patientLimits: { maxHolds: 5, maxAppointments: 1 } });
      try {
        for (const slotId of slotsFrom(5)) {
          const held = await server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber: ALICE });
          expect(held.status).to.equal(201);
        }
        const [a, b] = slotsFrom(2);
        expect(
          (await server.request('POST', '/api/v1/appointments/confirm', { slotId: a, phoneNumber: ALICE })).status,
        ).to.equal(201);
        expect(
          (await server.request('POST', '/api/v1/appointments/confirm', { slotId: b, phoneNumber: ALICE })).status,
        ).to.equal(409);
      } finally {
        await server.close();
      }
    });
  });

  describe('by text, with the offline receptionist', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer({ patientLimits: { maxHolds: 3, maxAppointments: 1 } });
    });
    afterEach(() => server.close());

    const say = async (message: string) => {
      const { status, body } = await server.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message });
      expect(status, JSON.stringify(body)).to.equal(200);
      return body.reply as string;
    };

    it('tells a patient at the limit of appointments why it cannot book, and books nothing', async () => {
      await say('book me tuesday at 10');
      expect(await say('yes')).to.match(/booked/i);
      await say('and wednesday at 9 too');
      const refused = await say('yes');
      expect(refused)
        .to.match(/upcoming appointments/i)
        .and.not.match(/booked:/i);
      const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`);
      expect(body.appointments.map((a: { slotId: string }) => a.slotId)).to.deep.equal(['2026-03-03T1000']);
    });

    it('tells a patient holding the most times it can keep, instead of offering others', async () => {
      for (const day of ['tuesday', 'wednesday', 'thursday']) expect(await say(`${day} at 9`)).to.match(/YES/);
      const refused = await say('friday at 9');
      expect(refused)
        .to.match(/holding/i)
        .and.not.match(/taken/);
      expect((await server.request('GET', '/api/v1/slots?date=2026-03-06')).body.slots[0].status).to.equal('AVAILABLE');
    });
  });
});
