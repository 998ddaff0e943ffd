import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { aClinic } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer, withoutRequestId } from '../support/test-server.js';

const OPERATOR = 'operator-token-for-tests-0123456789';
const operator = { Authorization: `Bearer ${OPERATOR}` };
const PASSWORD = 'correct horse battery staple';
const MINUTE = 60_000;

/** A clinic's document as the operator puts it: open Monday mornings. */
const aDocument = (id: string, number: string) =>
  aClinic({
    id: id as ClinicId,
    name: `${id} clinic`,
    weeklyHours: { monday: [{ open: '09:00', close: '12:00' }] },
    numbers: [number as PhoneNumber],
  });

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

describe('staff sign-in to the console', () => {
  let server: TestServer;

  async function start(options: Parameters<typeof startTestServer>[0] = {}) {
    server = await startTestServer({ apiToken: OPERATOR, ...options });
    for (const [id, number] of [
      ['lakeside', '+15557770001'],
      ['hilltop', '+15557770002'],
    ] as const)
      expect(
        (await server.request('PUT', `/api/v1/admin/clinics/${id}`, aDocument(id, number), operator)).status,
      ).to.equal(201);
  }
  afterEach(() => server?.close());

  /** A request as a browser makes it: the cookie it holds, and what it sent besides. */
  async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? withoutRequestId(JSON.parse(text), response) : undefined,
      headers: response.headers,
    };
  }

  const addStaff = (clinicId: string, member: Record<string, string>, headers: Record<string, string> = operator) =>
    send('POST', `/api/v1/clinics/${clinicId}/staff`, { password: PASSWORD, ...member }, headers);

  const ana = { name: 'Ana Ruiz', email: 'ana@lakeside.example', role: 'manager' };
  const ben = { name: 'Ben Okafor', email: 'ben@lakeside.example', role: 'front-desk' };

  async function signIn(email: string, password = PASSWORD) {
    const answer = await send('POST', '/api/v1/console/session', { email, password });
    const cookie = /^console_session=([^;]+)/.exec(answer.headers.get('Set-Cookie') ?? '')?.[1];
    return { ...answer, cookie: cookie && `console_session=${cookie}` };
  }

  /** Signed in: the cookie, and the CSRF token a changing request carries. */
  async function as(member: { email: string }) {
    const { cookie, body } = await signIn(member.email);
    return { Cookie: cookie!, csrf: { Cookie: cookie!, 'X-CSRF-Token': body.csrfToken as string } };
  }

  describe('on a server with an API token', () => {
    beforeEach(() => start());

    it("signs a manager in: the staff member, a CSRF token, and a session cookie out of scripts' and other sites' reach", async () => {
      const added = await addStaff('lakeside', { ...ana, email: 'Ana@Lakeside.Example ' });
      expect(added.status).to.equal(201);
      const staff = { staffId: added.body.staffId, clinicId: 'lakeside', ...ana };
      expect(added.body).to.deep.equal(staff);
      const signedIn = await signIn('ANA@lakeside.example');
      expect(signedIn.status).to.equal(200);
      expect(signedIn.body.staff).to.deep.equal(staff);
      expect(signedIn.body.csrfToken).to.be.a('string').with.length.above(40);
      const cookie = signedIn.headers.get('Set-Cookie')!;
      expect(cookie).to.match(/^console_session=[A-Za-z0-9_-]{43}; /);
      expect(cookie.split('; ').slice(1)).to.deep.equal(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']);
      expect(await send('GET', '/api/v1/console/session', undefined, { Cookie: signedIn.cookie! })).to.deep.include({
        status: 200,
        body: signedIn.body,
      });
    });

    it("reaches its own clinic's slots with the cookie alone, and answers another clinic as none", async () => {
      await addStaff('lakeside', ben);
      const { Cookie } = await as(ben);
      const slots = await send('GET', '/api/v1/clinics/lakeside/slots?date=2026-03-02', undefined, { Cookie });
      expect(slots.status).to.equal(200);
      expect(slots.body.slots).to.have.length(6);
      expect(
        (await send('GET', '/api/v1/clinics/hilltop/slots?date=2026-03-02', undefined, { Cookie })).body.error.code,
      ).to.equal('CLINIC_NOT_FOUND');
      expect((await send('GET', '/api/v1/admin/clinics', undefined, { Cookie })).status).to.equal(403);
    });

    it('refuses a change without the CSRF token, or from another origin, and makes it with the token', async () => {
      await addStaff('lakeside', ben);
      const { Cookie, csrf } = await as(ben);
      const slotId = (await send('GET', '/api/v1/clinics/lakeside/slots?date=2026-03-02', undefined, { Cookie })).body
        .slots[0].slotId;
      const hold = { slotId, phoneNumber: ALICE };
      const path = '/api/v1/clinics/lakeside/slots/hold';
      expect(await send('POST', path, hold, { Cookie })).to.deep.include({
        status: 403,
        body: {
          error: {
            code: 'CSRF_REJECTED',
            message: 'X-CSRF-Token: expected the csrfToken given at sign-in, on every request but GET and HEAD',
          },
        },
      });
      expect((await send('POST', path, hold, { ...csrf, 'X-CSRF-Token': 'guessed' })).body.error.code).to.equal(
        'CSRF_REJECTED',
      );
      const port = new URL(server.url).port;
      expect(
        (await send('POST', path, hold, { ...csrf, Origin: `http://localhost:${port}` })).body.error.code,
      ).to.equal('CSRF_REJECTED');
      expect((await send('POST', path, hold, csrf)).status).to.equal(201);
    });

    it('signs out: the session ends, the cookie is cleared, and the next request is refused', async () => {
      await addStaff('lakeside', ben);
      const { Cookie, csrf } = await as(ben);
      expect((await send('DELETE', '/api/v1/console/session', undefined, { Cookie })).status).to.equal(403);
      const signedOut = await send('DELETE', '/api/v1/console/session', undefined, csrf);
      expect(signedOut.status).to.equal(204);
      expect(signedOut.headers.get('Set-Cookie')).to.equal(
        'console_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
      );
      expect(
        (await send('GET', '/api/v1/clinics/lakeside/slots?date=2026-03-02', undefined, { Cookie })).body,
      ).to.deep.equal({
        error: {
          code: 'SIGNED_OUT',
          message: 'Cookie: expected a console_session of a session that has not ended; sign in again',
        },
      });
      expect((await send('GET', '/api/v1/console/session', undefined, { Cookie })).status).to.equal(401);
    });

    it('ends a session left idle for 30 minutes, and any session 12 hours after sign-in', async () => {
      await addStaff('lakeside', ben);
      const { Cookie } = await as(ben);
      const slots = () => send('GET', '/api/v1/clinics/lakeside/staff-callbacks', undefined, { Cookie });
      // Used every 15 minutes, up to 11:45 after sign-in, then once more just before 12 hours.
      for (let quarter = 1; quarter <= 47; quarter++) {
        server.clock.advanceMinutes(15);
        expect((await slots()).status, `${15 * quarter} min`).to.equal(200);
      }
      server.clock.advanceMinutes(14);
      expect((await slots()).status).to.equal(200);
      server.clock.advanceMinutes(1);
      expect((await slots()).status).to.equal(401);

      const idle = await as(ben);
      server.clock.advance(30 * MINUTE - 1);
      expect((await send('GET', '/api/v1/console/session', undefined, { Cookie: idle.Cookie })).status).to.equal(200);
      server.clock.advance(30 * MINUTE);
      expect((await send('GET', '/api/v1/console/session', undefined, { Cookie: idle.Cookie })).status).to.equal(401);
    });

    it('locks an account for 15 minutes after 5 failed sign-ins in a row, its password refused meanwhile', async () => {
      await addStaff('lakeside', ben);
      for (let i = 0; i < 5; i++) expect((await signIn(ben.email, 'wrong password!')).status).to.equal(401);
      const locked = await signIn(ben.email);
      expect(locked).to.deep.include({
        status: 429,
        body: {
          error: {
            code: 'ACCOUNT_LOCKED',
            message: 'email: too many failed sign-ins in a row; expected another try in 900 s',
          },
        },
      });
      expect(locked.headers.get('Retry-After')).to.equal('900');
      server.clock.advanceMinutes(15);
      expect((await signIn(ben.email)).status).to.equal(200);
    });

    it('answers an email no account has as a wrong password, and locks it alike', async () => {
      await addStaff('lakeside', ben);
      const wrong = await signIn(ben.email, 'wrong password!');
      const unknown = await signIn('nobody@lakeside.example');
      expect(unknown.status).to.equal(401);
      expect(unknown.body).to.deep.equal(wrong.body);
      expect(unknown.body.error).to.deep.equal({
        code: 'INVALID_CREDENTIALS',
        message: 'email, password: expected the email and password of a staff account',
      });
      for (let i = 0; i < 4; i++) await signIn('nobody@lakeside.example');
      expect((await signIn('nobody@lakeside.example')).body.error.code).to.equal('ACCOUNT_LOCKED');
    });

    it("lets a manager add and remove their clinic's staff, and not the front desk; a removed member is signed out", async () => {
      await addStaff('lakeside', ana);
      const manager = await as(ana);
      const added = await addStaff('lakeside', ben, manager.csrf);
      expect(added.status).to.equal(201);
      const frontDesk = await as(ben);
      expect(await addStaff('lakeside', { ...ben, email: 'cy@lakeside.example' }, frontDesk.csrf)).to.deep.include({
        status: 403,
        body: {
          error: { code: 'MANAGER_ONLY', message: "Cookie: expected a manager's session (or the operator's token)" },
        },
      });
      expect(
        (await send('GET', '/api/v1/clinics/lakeside/staff', undefined, { Cookie: manager.Cookie })).body.staff.map(
          (member: { email: string }) => member.email,
        ),
      ).to.deep.equal([ana.email, ben.email]);
      expect((await addStaff('hilltop', { ...ben, email: 'cy@hilltop.example' }, manager.csrf)).status).to.equal(404);
      expect(
        (await addStaff('lakeside', { ...ben, email: 'BEN@lakeside.example' }, manager.csrf)).body.error.code,
      ).to.equal('EMAIL_TAKEN');
      const staffPath = `/api/v1/clinics/lakeside/staff/${added.body.staffId}`;
      expect((await send('DELETE', staffPath, undefined, manager.csrf)).status).to.equal(204);
      expect((await send('GET', '/api/v1/console/session', undefined, { Cookie: frontDesk.Cookie })).status).to.equal(
        401,
      );
      expect((await signIn(ben.email)).status).to.equal(401);
    });

    it('refuses a password under 12 characters, naming the field, and keeps no account', async () => {
      expect(await addStaff('lakeside', { ...ben, password: 'short pass' })).to.deep.include({
        status: 400,
        body: { error: { code: 'INVALID_REQUEST', message: 'password: expected a password of 12 to 1024 characters' } },
      });
      expect((await send('GET', '/api/v1/clinics/lakeside/staff', undefined, operator)).body).to.deep.equal({
        staff: [],
      });
    });
  });

  it('keeps a staff member to their clinic even on a server without an API token, where requests are otherwise the operator', async () => {
    server = await startTestServer();
    for (const [id, number] of [
      ['lakeside', '+15557770001'],
      ['hilltop', '+15557770002'],
    ] as const)
      await server.request('PUT', `/api/v1/admin/clinics/${id}`, aDocument(id, number));
    await addStaff('lakeside', ben, {});
    const { Cookie } = await as(ben);
    expect((await send('GET', '/api/v1/clinics/hilltop/slots?date=2026-03-02', undefined, { Cookie })).status).to.equal(
      404,
    );
    expect((await send('GET', '/api/v1/admin/clinics', undefined, { Cookie })).status).to.equal(403);
    expect(
      (await send('GET', '/api/v1/admin/clinics', undefined, { Cookie: 'console_session=forged' })).status,
    ).to.equal(401);
  });

  it('marks the cookie Secure when the server is served over https', async () => {
    await start({ publicBaseUrl: 'https://clinic.example.com', twilio: { authToken: 'twilio-auth-token' } });
    await addStaff('lakeside', ben);
    const signedIn = await signIn(ben.email);
    expect(signedIn.headers.get('Set-Cookie')!.split('; ')).to.include('Secure');
  });
});
