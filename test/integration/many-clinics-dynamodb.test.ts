import { expect } from 'chai';
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.js';
import { createTables } from '../../src/adapters/dynamodb/dynamodb-tables.js';
import { dynamoDbEnvironment, useSharedDynamoDbLocal } from '../support/dynamodb-local.js';
import { ALICE } from '../support/patients.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

const dynamoDbLocal = useSharedDynamoDbLocal();
const OPERATOR = 'operator-token-for-tests-0123456789';
const EVERY_DAY = Object.fromEntries(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [
    day,
    [{ open: '00:00', close: '24:00' }],
  ]),
);
const aDocument = (id: string, number: string) => ({
  id,
  name: `${id} clinic`,
  timeZone: 'America/New_York',
  locale: 'en-US',
  weeklyHours: EVERY_DAY,
  slotMinutes: 60,
  horizonDays: 3,
  holdMinutes: 10,
  numbers: [number],
});

describe('one deployment, many clinics, on DynamoDB Local (a server process)', () => {
  let server: ServerProcess;
  after(() => server?.stop());
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${OPERATOR}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  };

  it('keeps two clinics apart over one set of tables: the same slot id and patient, and texts routed by number', async function () {
    this.timeout(120_000);
    const local = await dynamoDbLocal();
    const prefix = `many-clinics-${process.pid}-`;
    const client = createDynamoDbClient(local.clientConfig);
    await createTables(client, prefix);
    client.destroy();
    server = await startServerProcess({
      ...dynamoDbEnvironment(local, prefix),
      API_TOKEN: OPERATOR,
      HOST: '127.0.0.1',
      TWILIO_WEBHOOKS: 'unsigned-local',
    });
    for (const [id, number] of [
      ['lakeside', '+15557770001'],
      ['hilltop', '+15557770002'],
    ] as const) {
      expect((await call('PUT', `/admin/clinics/${id}`, aDocument(id, number))).status, id).to.equal(201);
    }

    const from = new Date(Date.now() + 3_600_000).toISOString();
    const to = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const listed = await call(
      'GET',
      `/clinics/lakeside/slots?${new URLSearchParams({ from, to, status: 'available' })}`,
    );
    const slotId = listed.body.slots[0].slotId as string;
    for (const clinicId of ['lakeside', 'hilltop']) {
      const held = await call('POST', `/clinics/${clinicId}/slots/hold`, { slotId, phoneNumber: ALICE });
      expect(held.status, clinicId).to.equal(201);
    }
    expect(
      (await call('POST', '/clinics/lakeside/appointments/confirm', { slotId, phoneNumber: ALICE })).status,
    ).to.equal(201);
    const theirs = await call('GET', `/clinics/hilltop/appointments?phoneNumber=${encodeURIComponent(ALICE)}`);
    expect(theirs.body).to.deep.equal({ appointments: [] });

    await fetch(`${server.url}/api/v1/sms/webhook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        MessageSid: `SM${'5'.repeat(32)}`,
        From: ALICE,
        To: '+15557770002',
        Body: 'I have chest pains',
      }),
    });
    const waiting = async (clinicId: string) =>
      (await call('GET', `/clinics/${clinicId}/staff-callbacks`)).body.callbacks;
    expect((await waiting('hilltop')).length).to.equal(1);
    expect(await waiting('lakeside')).to.deep.equal([]);
  });
});
