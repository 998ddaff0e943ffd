import { expect } from 'chai';
import { ALICE, BOB } from '../support/patients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { MONDAY_10AM } from '../support/times.js';

const NINE = '2026-03-02T0900';
const TEN = '2026-03-02T1000';

describe('REST API /api/v1', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.close());

  const hold = (slotId: string, phoneNumber: string) =>
    server.request('POST', '/api/v1/slots/hold', { slotId, phoneNumber });
  const confirm = (slotId: string, phoneNumber: string) =>
    server.request('POST', '/api/v1/appointments/confirm', { slotId, phoneNumber });
  async function book(slotId: string, phoneNumber: string) {
    expect((await hold(slotId, phoneNumber)).status).to.equal(201);
    const booked = await confirm(slotId, phoneNumber);
    expect(booked.status).to.equal(201);
    return booked.body as { appointmentId: string };
  }
  function expectError(response: { status: number; body: any }, status: number, code: string, mentions?: string) {
    expect(response.status).to.equal(status);
    expect(response.body.error.code).to.equal(code);
    expect(response.body.error.message).to.be.a('string');
    if (mentions) expect(response.body.error.message).to.include(mentions);
  }

  it('answers the health check', async () => {
    expect(await server.request('GET', '/api/v1/healthz')).to.deep.equal({ status: 200, body: { status: 'ok' } });
  });

  describe('GET /slots', () => {
    it('lists a clinic-local day with times in the clinic offset', async () => {
      const { status, body } = await server.request('GET', '/api/v1/slots?date=2026-03-02');
      expect(status).to.equal(200);
      expect(body.slots).to.have.length(6);
      expect(body.slots[0]).to.deep.equal({
        slotId: NINE,
        start: '2026-03-02T09:00:00-05:00',
        end: '2026-03-02T09:30:00-05:00',
        status: 'AVAILABLE',
      });
    });

    it('shows held and booked slots as such, and only free ones when asked', async () => {
      await hold(NINE, ALICE);
      await book(TEN, BOB);
      const all = (await server.request('GET', '/api/v1/slots?date=2026-03-02')).body.slots;
      expect(all.map((s: any) => s.status)).to.deep.equal([
        'HELD',
        'AVAILABLE',
        'BOOKED',
        'AVAILABLE',
        'AVAILABLE',
        'AVAILABLE',
      ]);
      const free = (await server.request('GET', '/api/v1/slots?date=2026-03-02&status=available')).body.slots;
      expect(free.map((s: any) => s.slotId)).to.not.include.members([NINE, TEN]);
      expect(free).to.have.length(4);
    });

    it('shows a slot whose hold expired as available again', async () => {
      await hold(NINE, ALICE);
      server.clock.advanceMinutes(10);
      const slots = (await server.request('GET', '/api/v1/slots?date=2026-03-02')).body.slots;
      expect(slots[0].status).to.equal('AVAILABLE');
    });

    it('lists a from/to range given with offsets', async () => {
      const query = new URLSearchParams({ from: '2026-03-02T10:00:00-05:00', to: '2026-03-03T10:00:00-05:00' });
      const { status, body } = await server.request('GET', `/api/v1/slots?${query}`);
      expect(status).to.equal(200);
      expect(body.slots.map((s: any) => s.slotId)).to.deep.equal([
        TEN,
        '2026-03-02T1030',
        '2026-03-02T1100',
        '2026-03-02T1130',
        '2026-03-03T0900',
        '2026-03-03T0930',
      ]);
    });

    it('leaves out free slots that have already started', async () => {
      server.clock.set('2026-03-02T10:10:00-05:00');
      const slots = (await server.request('GET', '/api/v1/slots?date=2026-03-02')).body.slots;
      expect(slots[0].slotId).to.equal('2026-03-02T1030');
    });

    const badQueries: [string, string][] = [
      ['', 'date'],
      ['date=2026-02-30', 'date: expected a clinic-local day YYYY-MM-DD'],
      ['date=tomorrow', 'date'],
      ['date=2026-03-02&from=2026-03-02T09:00:00Z', 'not both'],
      ['from=2026-03-02T09:00:00Z', 'to'],
      ['from=2026-03-02T09:00&to=2026-03-02T10:00Z', 'from: expected an ISO-8601 date-time with offset'],
      ['from=2026-03-03T09:00:00Z&to=2026-03-02T09:00:00Z', 'to: expected a time after from'],
      ['from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z', 'at most 31 days'],
      ['date=2026-03-02&status=booked', 'status: expected "available" or nothing'],
      ['date=2026-03-02&colour=blue', 'colour: unknown field'],
    ];
    for (const [query, mentions] of badQueries) {
      it(`refuses ?${query} with a 400 that says what was expected`, async () => {
        expectError(await server.request('GET', `/api/v1/slots?${query}`), 400, 'INVALID_REQUEST', mentions);
      });
    }

    it('refuses a bad query every time it comes, after a good one was answered', async () => {
      expect((await server.request('GET', '/api/v1/slots?date=2026-03-02')).status).to.equal(200);
      for (let time = 0; time < 2; time++)
        expectError(await server.request('GET', '/api/v1/slots?date=2026-02-30'), 400, 'INVALID_REQUEST', 'date');
      const tuesday = (await server.request('GET', '/api/v1/slots?date=2026-03-03')).body.slots;
      expect(tuesday[0].slotId).to.equal('2026-03-03T0900');
    });
  });

  describe('POST /slots/hold', () => {
    it('holds a slot for the clinic hold length, whatever the caller asks', async () => {
      const response = await hold(NINE, 'whatsapp:+1 555 000 0001');
      expect(response).to.deep.equal({
        status: 201,
        body: { slotId: NINE, phoneNumber: ALICE, expiresAt: '2026-03-02T08:10:00-05:00' },
      });
    });

    it('refuses a body that is not JSON, too large, or malformed', async () => {
      expectError(
        await server.request('POST', '/api/v1/slots/hold', 'slotId=1', {
          'Content-Type': 'application/x-www-form-urlencoded',
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type',
      );
      expectError(await server.request('POST', '/api/v1/slots/hold', '{"slotId":'), 400, 'INVALID_JSON', 'body');
      expectError(
        await server.request('POST', '/api/v1/slots/hold', {
          slotId: NINE,
          phoneNumber: ALICE,
          notes: 'x'.repeat(20_000),
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expectError(
        await server.request('POST', '/api/v1/slots/hold', '[]'),
        400,
        'INVALID_REQUEST',
        'body: expected a JSON object',
      );
    });

    it('names every bad field at once', async () => {
      const response = await server.request('POST', '/api/v1/slots/hold', {
        slotId: 42,
        phoneNumber: '555-1234',
        extra: true,
      });
      expectError(response, 400, 'INVALID_REQUEST');
      expect(response.body.error.message).to.include('slotId: expected a slot id such as 2026-03-02T0900');
      expect(response.body.error.message).to.include(
        'phoneNumber: expected an E.164 phone number such as +15551234567',
      );
      expect(response.body.error.message).to.include('extra: unknown field');
    });

    it('answers 404 for a slot that does not exist', async () => {
      expectError(await hold('2026-03-02T0915', ALICE), 404, 'SLOT_NOT_FOUND', 'slotId');
    });

    it('answers 409 when another patient holds or booked the slot', async () => {
      await hold(NINE, ALICE);
      expectError(await hold(NINE, BOB), 409, 'SLOT_UNAVAILABLE', 'slotId');
      await book(TEN, ALICE);
      expectError(await hold(TEN, BOB), 409, 'SLOT_UNAVAILABLE');
    });

    it('answers 422 for a slot that has already started', async () => {
      server.clock.set('2026-03-02T09:05:00-05:00');
      expectError(await hold(NINE, ALICE), 422, 'SLOT_IN_PAST', 'slotId');
    });
  });

  describe('POST /appointments/confirm', () => {
    it('books the held slot', async () => {
      await hold(NINE, ALICE);
      const { status, body } = await confirm(NINE, ALICE);
      expect(status).to.equal(201);
      expect(body).to.deep.include({
        slotId: NINE,
        phoneNumber: ALICE,
        start: '2026-03-02T09:00:00-05:00',
        end: '2026-03-02T09:30:00-05:00',
        status: 'BOOKED',
      });
      expect(body.appointmentId).to.match(/^apt_[a-z0-9]{16}$/);
    });

    it('answers a repeated confirm with the same booking instead of a second one', async () => {
      const first = await book(NINE, ALICE);
      const again = await confirm(NINE, ALICE);
      expect(again.status).to.equal(201);
      expect(again.body.appointmentId).to.equal(first.appointmentId);
      expect(
        (await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`)).body
          .appointments,
      ).to.have.length(1);
    });

    it('answers 409 to a patient who holds nothing, or whose hold belongs to another', async () => {
      expectError(await confirm(NINE, ALICE), 409, 'NO_VALID_HOLD');
      await hold(NINE, ALICE);
      expectError(await confirm(NINE, BOB), 409, 'NO_VALID_HOLD');
    });

    it('answers 409 once the hold has expired', async () => {
      await hold(NINE, ALICE);
      server.clock.advanceMinutes(11);
      expectError(await confirm(NINE, ALICE), 409, 'HOLD_EXPIRED', 'hold it again');
    });

    it('answers 400 and 404 for a bad or unknown slot', async () => {
      expectError(await confirm('nine', ALICE), 400, 'INVALID_REQUEST', 'slotId');
      expectError(await confirm('2026-03-02T0915', ALICE), 404, 'SLOT_NOT_FOUND');
    });
  });

  describe('GET /appointments', () => {
    it('lists only that patient appointments', async () => {
      const alices = await book(NINE, ALICE);
      await book(TEN, BOB);
      const { status, body } = await server.request(
        'GET',
        `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`,
      );
      expect(status).to.equal(200);
      expect(body.appointments.map((a: any) => a.appointmentId)).to.deep.equal([alices.appointmentId]);
      expect(body.appointments[0].phoneNumber).to.equal(ALICE);
    });

    it('refuses a missing or invalid phone number', async () => {
      expectError(await server.request('GET', '/api/v1/appointments'), 400, 'INVALID_REQUEST', 'phoneNumber');
      expectError(
        await server.request('GET', '/api/v1/appointments?phoneNumber=12'),
        400,
        'INVALID_REQUEST',
        'phoneNumber: expected an E.164',
      );
    });
  });

  describe('POST /appointments/{id}/cancel', () => {
    it('cancels the appointment and frees its slot', async () => {
      const { appointmentId } = await book(NINE, ALICE);
      const { status, body } = await server.request('POST', `/api/v1/appointments/${appointmentId}/cancel`, {
        phoneNumber: ALICE,
      });
      expect(status).to.equal(200);
      expect(body).to.include({ appointmentId, status: 'CANCELLED', slotId: NINE });
      expect((await hold(NINE, BOB)).status).to.equal(201);
    });

    it('answers 404, 403 and 409 for unknown, foreign and already cancelled appointments', async () => {
      expectError(
        await server.request('POST', '/api/v1/appointments/apt_nope/cancel', { phoneNumber: ALICE }),
        404,
        'APPOINTMENT_NOT_FOUND',
      );
      const { appointmentId } = await book(NINE, ALICE);
      expectError(
        await server.request('POST', `/api/v1/appointments/${appointmentId}/cancel`, { phoneNumber: BOB }),
        403,
        'NOT_OWNER',
      );
      await server.request('POST', `/api/v1/appointments/${appointmentId}/cancel`, { phoneNumber: ALICE });
      expectError(
        await server.request('POST', `/api/v1/appointments/${appointmentId}/cancel`, { phoneNumber: ALICE }),
        409,
        'ALREADY_CANCELLED',
      );
    });

    it('answers 400 without a phone number', async () => {
      expectError(
        await server.request('POST', '/api/v1/appointments/apt_x/cancel', {}),
        400,
        'INVALID_REQUEST',
        'phoneNumber',
      );
    });
  });

  describe('POST /appointments/{id}/reschedule', () => {
    it('moves the appointment and frees the old slot', async () => {
      const { appointmentId } = await book(NINE, ALICE);
      const { status, body } = await server.request('POST', `/api/v1/appointments/${appointmentId}/reschedule`, {
        phoneNumber: ALICE,
        newSlotId: TEN,
      });
      expect(status).to.equal(200);
      expect(body).to.include({ appointmentId, slotId: TEN, start: '2026-03-02T10:00:00-05:00', status: 'BOOKED' });
      const slots = (await server.request('GET', '/api/v1/slots?date=2026-03-02')).body.slots;
      expect(slots[0]).to.include({ slotId: NINE, status: 'AVAILABLE' });
      expect(slots[2]).to.include({ slotId: TEN, status: 'BOOKED' });
    });

    it('keeps the old booking when the new slot is taken', async () => {
      const { appointmentId } = await book(NINE, ALICE);
      await hold(TEN, BOB);
      const response = await server.request('POST', `/api/v1/appointments/${appointmentId}/reschedule`, {
        phoneNumber: ALICE,
        newSlotId: TEN,
      });
      expectError(response, 409, 'SLOT_UNAVAILABLE', 'newSlotId');
      const mine = (await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`)).body
        .appointments;
      expect(mine).to.have.length(1);
      expect(mine[0]).to.include({ appointmentId, slotId: NINE, status: 'BOOKED' });
    });

    it('answers 404 for unknown appointments or slots, 403 for another patient', async () => {
      expectError(
        await server.request('POST', '/api/v1/appointments/apt_nope/reschedule', {
          phoneNumber: ALICE,
          newSlotId: TEN,
        }),
        404,
        'APPOINTMENT_NOT_FOUND',
      );
      const { appointmentId } = await book(NINE, ALICE);
      expectError(
        await server.request('POST', `/api/v1/appointments/${appointmentId}/reschedule`, {
          phoneNumber: ALICE,
          newSlotId: '2026-03-02T0915',
        }),
        404,
        'SLOT_NOT_FOUND',
        'newSlotId',
      );
      expectError(
        await server.request('POST', `/api/v1/appointments/${appointmentId}/reschedule`, {
          phoneNumber: BOB,
          newSlotId: TEN,
        }),
        403,
        'NOT_OWNER',
      );
    });

    it('answers 400 for a missing new slot', async () => {
      expectError(
        await server.request('POST', '/api/v1/appointments/apt_x/reschedule', { phoneNumber: ALICE }),
        400,
        'INVALID_REQUEST',
        'newSlotId',
      );
    });
  });

  describe('appointments in responses', () => {
    it('answer with the documented fields, the patient as phoneNumber, on every route', async () => {
      const documented = ['appointmentId', 'channel', 'end', 'phoneNumber', 'slotId', 'start', 'status'];
      const fieldsOf = (appointment: object) => Object.keys(appointment).sort();
      await hold(NINE, ALICE);
      const booked = (await confirm(NINE, ALICE)).body;
      expect(fieldsOf(booked)).to.deep.equal(documented);
      const path = `/api/v1/appointments/${booked.appointmentId}`;
      const moved = (await server.request('POST', `${path}/reschedule`, { phoneNumber: ALICE, newSlotId: TEN })).body;
      const listed = (await server.request('GET', `/api/v1/appointments?phoneNumber=${encodeURIComponent(ALICE)}`)).body
        .appointments;
      const cancelled = (await server.request('POST', `${path}/cancel`, { phoneNumber: ALICE })).body;
      for (const appointment of [moved, ...listed, cancelled]) {
        expect(fieldsOf(appointment)).to.deep.equal(documented);
        expect(appointment.phoneNumber).to.equal(ALICE);
        // Booked over REST, and so it stays, moved and cancelled.
        expect(appointment.channel).to.equal('api');
      }
    });
  });

  describe('once the visit has started', () => {
    it('answers 422 to confirm, cancel and reschedule', async () => {
      await hold(TEN, BOB);
      const { appointmentId } = await book(NINE, ALICE);
      server.clock.set('2026-03-02T09:01:00-05:00');
      expectError(
        await server.request('POST', `/api/v1/appointments/${appointmentId}/cancel`, { phoneNumber: ALICE }),
        422,
        'APPOINTMENT_IN_PAST',
      );
      const move = { phoneNumber: ALICE, newSlotId: '2026-03-02T1100' };
      expectError(
        await server.request('POST', `/api/v1/appointments/${appointmentId}/reschedule`, move),
        422,
        'APPOINTMENT_IN_PAST',
      );
      server.clock.set(MONDAY_10AM);
      expectError(await confirm(TEN, BOB), 422, 'SLOT_IN_PAST');
    });
  });

  describe('errors', () => {
    it('answers unknown routes with the error shape', async () => {
      expectError(await server.request('GET', '/api/v1/nothing-here'), 404, 'NOT_FOUND');
    });
  });
});
