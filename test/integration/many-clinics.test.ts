import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const OPERATOR = 'operator-token-for-tests-0123456789';
const LAKESIDE_NUMBER = '+15557770001' as PhoneNumber;
const HILLTOP_NUMBER = '+15557770002' as PhoneNumber;

/** A clinic's document as the operator puts it: the test clinic's hours, its own id, name and number. */
const aDocument = (id: string, name: string, number: PhoneNumber, fields: Record<string, unknown> = {}) => ({
  id,
  name,
  timeZone: 'America/New_York',
  locale: 'en-US',
  weeklyHours: {
    monday: [{ open: '09:00', close: '12:00' }],
    tuesday: [{ open: '09:00', close: '12:00' }],
    thursday: [{ open: '09:00', close: '12:00' }],
  },
  slotMinutes: 30,
  horizonDays: 14,
  holdMinutes: 10,
  numbers: [number],
  ...fields,
});
const LAKESIDE = aDocument('lakeside', 'Lakeside Clinic', LAKESIDE_NUMBER);
const HILLTOP = aDocument('hilltop', 'Hilltop Clinic', HILLTOP_NUMBER);

const directory = mkdtempSync(join(tmpdir(), 'clinic-many-'));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;

for (const storage of ['memory', 'sqlite'] as const)
  describe(`one deployment, many clinics (${storage})`, () => {
    let server: TestServer;
    const as = (token: string) => ({ Authorization: `Bearer ${token}` });
    const operator = as(OPERATOR);

    beforeEach(async () => {
      server = await startTestServer({
        apiToken: OPERATOR,
        twilio: UNSIGNED_LOCAL_WEBHOOKS,
        storage,
        ...(storage === 'sqlite' ? { sqlitePath: join(directory, `clinics-${files++}.sqlite`) } : {}),
      });
      for (const clinic of [LAKESIDE, HILLTOP]) {
        expect((await server.request('PUT', `/api/v1/admin/clinics/${clinic.id}`, clinic, operator)).status).to.equal(
          201,
        );
      }
    });
    afterEach(() => server.close());

    const tokenFor = async (clinicId: string) =>
      (await server.request('POST', `/api/v1/admin/clinics/${clinicId}/tokens`, undefined, operator)).body as {
        tokenId: string;
        token: string;
      };

    describe('the operator', () => {
      it('reads a clinic back as the document it put, and replaces it with 200', async () => {
        expect(await server.request('GET', '/api/v1/admin/clinics/lakeside', undefined, operator)).to.deep.equal({
          status: 200,
          body: LAKESIDE,
        });
        const renamed = { ...LAKESIDE, name: 'Lakeside Family Clinic' };
        expect(await server.request('PUT', '/api/v1/admin/clinics/lakeside', renamed, operator)).to.deep.equal({
          status: 200,
          body: renamed,
        });
        const listed = await server.request('GET', '/api/v1/admin/clinics', undefined, operator);
        expect(listed.body.clinics.map((clinic: { id: string }) => clinic.id)).to.include.members([
          'hilltop',
          'lakeside',
        ]);
      });

      it('is told which field of a document is wrong, and that the id must be the one in the path', async () => {
        const misspelt = await server.request(
          'PUT',
          '/api/v1/admin/clinics/lakeside',
          {
            ...LAKESIDE,
            holdMinutez: 10,
          },
          operator,
        );
        expect(misspelt.status).to.equal(400);
        expect(misspelt.body.error.message).to.include('holdMinutez');
        const elsewhere = await server.request('PUT', '/api/v1/admin/clinics/riverside', LAKESIDE, operator);
        expect(elsewhere.body.error).to.deep.equal({
          code: 'INVALID_REQUEST',
          message: 'id: expected riverside, the clinic id in the path',
        });
      });

      it('is told when a document is not JSON at all, not whole JSON, or put under an id no clinic could have', async () => {
        const put = (body: string, type: string) =>
          fetch(`${server.url}/api/v1/admin/clinics/lakeside`, {
            method: 'PUT',
            headers: { ...operator, 'Content-Type': type },
            body,
          }).then(async (response) => ({ status: response.status, code: (await response.json()).error.code }));
        expect(await put(JSON.stringify(LAKESIDE), 'text/plain')).to.deep.equal({
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
        expect((await put('{"id": "lakeside",', 'application/json')).status).to.equal(400);
        const badId = await server.request(
          'PUT',
          '/api/v1/admin/clinics/Lake_Side',
          { ...LAKESIDE, id: 'Lake_Side' },
          operator,
        );
        expect(badId.status).to.equal(400);
        expect(badId.body.error.message).to.match(/^clinicId: expected/);
        expect((await server.request('GET', '/api/v1/admin/clinics/lakeside', undefined, operator)).body).to.deep.equal(
          LAKESIDE,
        );
      });

      it('is refused a number another clinic is reached on, and the clinic is left as it was', async () => {
        const taken = await server.request(
          'PUT',
          '/api/v1/admin/clinics/hilltop',
          { ...HILLTOP, numbers: [LAKESIDE_NUMBER] },
          operator,
        );
        expect(taken.status).to.equal(409);
        expect(taken.body.error.code).to.equal('NUMBER_TAKEN');
        expect((await server.request('GET', '/api/v1/admin/clinics/hilltop', undefined, operator)).body).to.deep.equal(
          HILLTOP,
        );
      });
    });

    describe('a clinic token', () => {
      it("reaches its own clinic's routes, and answers for any other clinic as for one that does not exist", async () => {
        const { token } = await tokenFor('lakeside');
        const own = await server.request(
          'GET',
          '/api/v1/clinics/lakeside/appointments?phoneNumber=%2B15550000001',
          undefined,
          as(token),
        );
        expect(own).to.deep.equal({ status: 200, body: { appointments: [] } });
        for (const clinicId of ['hilltop', 'nowhere']) {
          const other = await server.request(
            'GET',
            `/api/v1/clinics/${clinicId}/slots?date=2026-03-02`,
            undefined,
            as(token),
          );
          expect(other.status, clinicId).to.equal(404);
          expect(other.body.error.code).to.equal('CLINIC_NOT_FOUND');
        }
      });

      it("is refused the operator's routes, and nothing once revoked", async () => {
        const { token, tokenId } = await tokenFor('lakeside');
        const admin = await server.request('GET', '/api/v1/admin/clinics', undefined, as(token));
        expect(admin.status).to.equal(403);
        expect(admin.body.error.code).to.equal('OPERATOR_ONLY');
        const revoked = await server.request(
          'DELETE',
          `/api/v1/admin/clinics/lakeside/tokens/${tokenId}`,
          undefined,
          operator,
        );
        expect(revoked.status).to.equal(204);
        expect(
          (await server.request('GET', '/api/v1/clinics/lakeside/slots?date=2026-03-02', undefined, as(token))).status,
        ).to.equal(401);
      });
    });

    it('keeps each clinic its own: the same slot id and the same patient in two clinics never meet', async () => {
      const lakesideSlots = await server.request(
        'GET',
        '/api/v1/clinics/lakeside/slots?date=2026-03-02',
        undefined,
        operator,
      );
      const slotId = lakesideSlots.body.slots[0].slotId as string;
      for (const clinicId of ['lakeside', 'hilltop']) {
        const held = await server.request(
          'POST',
          `/api/v1/clinics/${clinicId}/slots/hold`,
          { slotId, phoneNumber: ALICE },
          operator,
        );
        expect(held.status, clinicId).to.equal(201);
      }
      const booked = await server.request(
        'POST',
        '/api/v1/clinics/lakeside/appointments/confirm',
        { slotId, phoneNumber: ALICE },
        operator,
      );
      expect(booked.status).to.equal(201);

      const atHilltop = await server.request(
        'GET',
        '/api/v1/clinics/hilltop/appointments?phoneNumber=%2B15550000001',
        undefined,
        operator,
      );
      expect(atHilltop.body).to.deep.equal({ appointments: [] });
      const cancelElsewhere = await server.request(
        'POST',
        `/api/v1/clinics/hilltop/appointments/${booked.body.appointmentId}/cancel`,
        { phoneNumber: ALICE },
        operator,
      );
      expect(cancelElsewhere.status).to.equal(404);
    });

    it('follows a change of hours at once: a closed Thursday books no more, and its booked slot is listed for staff to move', async () => {
      const thursday = '2026-03-05';
      const slots = async () =>
        (await server.request('GET', `/api/v1/clinics/lakeside/slots?date=${thursday}`, undefined, operator)).body
          .slots;
      const [first] = await slots();
      await server.request(
        'POST',
        '/api/v1/clinics/lakeside/slots/hold',
        { slotId: first.slotId, phoneNumber: ALICE },
        operator,
      );
      await server.request(
        'POST',
        '/api/v1/clinics/lakeside/appointments/confirm',
        { slotId: first.slotId, phoneNumber: ALICE },
        operator,
      );

      const { thursday: _closed, ...openDays } = LAKESIDE.weeklyHours;
      const closed = { ...LAKESIDE, weeklyHours: openDays };
      expect((await server.request('PUT', '/api/v1/admin/clinics/lakeside', closed, operator)).status).to.equal(200);

      expect(
        (await slots()).map((slot: { slotId: string; status: string }) => [slot.slotId, slot.status]),
      ).to.deep.equal([[first.slotId, 'BOOKED']]);
      const toMove = await server.request('GET', '/api/v1/clinics/lakeside/slots/to-move', undefined, operator);
      expect(
        toMove.body.slots.map((slot: { slotId: string; phoneNumber: string }) => [slot.slotId, slot.phoneNumber]),
      ).to.deep.equal([[first.slotId, ALICE]]);
      const refused = await server.request(
        'POST',
        '/api/v1/clinics/lakeside/slots/hold',
        { slotId: `${thursday}T1000`, phoneNumber: ALICE },
        operator,
      );
      expect(refused.status).to.equal(404);
    });

    it('answers the routes without a clinic only while there is one clinic, naming the form to use', async () => {
      const unscoped = await server.request('GET', '/api/v1/slots?date=2026-03-02', undefined, operator);
      expect(unscoped).to.deep.equal({
        status: 409,
        body: {
          error: {
            code: 'CLINIC_REQUIRED',
            message: 'path: this deployment serves 3 clinics; expected GET /api/v1/clinics/{clinicId}/slots',
          },
        },
      });
    });

    describe('texts and calls', () => {
      const text = (to: string, body: string) =>
        fetch(`${server.url}/api/v1/sms/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            MessageSid: `SM${String(Math.random()).slice(2).padEnd(32, '0')}`,
            From: ALICE,
            To: to,
            Body: body,
          }).toString(),
        }).then((response) => response.text());

      it('takes a text for the clinic whose number it was sent to, and for no other', async () => {
        await text(LAKESIDE_NUMBER, 'I have chest pains');
        const waiting = async (clinicId: string) =>
          (await server.request('GET', `/api/v1/clinics/${clinicId}/staff-callbacks`, undefined, operator)).body
            .callbacks;
        expect(
          (await waiting('lakeside')).map((callback: { phoneNumber: string }) => callback.phoneNumber),
        ).to.deep.equal([ALICE]);
        expect(await waiting('hilltop')).to.deep.equal([]);
      });

      it('books nothing for a text or a call to a number no clinic has', async () => {
        expect(await text('+15551112222', 'book me tomorrow')).to.equal(
          '<?xml version="1.0" encoding="UTF-8"?><Response/>',
        );
        const call = await fetch(`${server.url}/api/v1/voice/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ CallSid: `CA${'1'.repeat(32)}`, From: ALICE, To: '+15551112222' }).toString(),
        });
        expect(await call.text()).to.include(
          '<Say>Sorry, this number does not take appointments. Goodbye.</Say><Hangup/>',
        );
      });
    });
  });
