import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { InMemoryOptOuts } from '../../src/adapters/memory/in-memory-opt-outs.js';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { AsyncLogContext } from '../../src/adapters/system/async-log-context.js';
import { DispatchNotifications } from '../../src/application/dispatch-notifications.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import type { SlotId } from '../../src/domain/slot.js';
import { bookingUseCases } from '../support/booking-use-cases.js';
import { aClinic } from '../support/clinic-builder.js';
import { FakeSns } from '../support/fake-sns.js';
import { FixedClock } from '../support/fixed-clock.js';
import { ALICE, aCrowdOf } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startServerProcess } from '../support/server-process.js';
import { asAnotherServer } from '../support/sqlite-paths.js';
import { silentLogger } from '../support/test-server.js';
import { MONDAY_8AM } from '../support/times.js';
import { whatsappWindowsOf } from '../support/whatsapp-windows.js';

const DAY = 86_400_000;
const until = async (done: () => boolean, ms: number) => {
  for (const started = Date.now(); !done() && Date.now() - started < ms; )
    await new Promise((resolve) => setTimeout(resolve, 25));
};

describe('the outbox across processes', () => {
  const directory = mkdtempSync(join(tmpdir(), 'clinic-outbox-'));
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('sends, exactly once, a confirmation left unsent by a server killed after the booking', async function () {
    this.timeout(90_000);
    const sns = await FakeSns.start('AKIDLOCAL');
    const apiToken = 'a-long-enough-api-token';
    // Sending through SNS exposes the server: it starts only with API_TOKEN.
    const authorized = { Authorization: `Bearer ${apiToken}` };
    const env = {
      API_TOKEN: apiToken,
      STORAGE: 'sqlite',
      SQLITE_PATH: join(directory, 'clinic.sqlite'),
      MESSAGING_PROVIDER: 'sns',
      AWS_ENDPOINT_URL_SNS: sns.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    try {
      const first = await startServerProcess({ ...env, OUTBOX_POLL_MS: '0' });
      const range = {
        from: new Date(Date.now() + 3 * DAY).toISOString(),
        to: new Date(Date.now() + 10 * DAY).toISOString(),
        status: 'available',
      };
      const { slots } = await (
        await fetch(`${first.url}/api/v1/slots?${new URLSearchParams(range)}`, { headers: authorized })
      ).json();
      const post = (path: string) =>
        fetch(`${first.url}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...authorized },
          body: JSON.stringify({ slotId: slots[0].slotId, phoneNumber: ALICE }),
        });
      expect((await post('/api/v1/slots/hold')).status).to.equal(201);
      expect((await post('/api/v1/appointments/confirm')).status).to.equal(201);
      await first.stop('SIGKILL');
      expect(sns.published).to.deep.equal([]);

      const second = await startServerProcess({ ...env, OUTBOX_POLL_MS: '100' });
      try {
        await until(() => sns.published.length > 0, 10_000);
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(sns.published.map((p) => [p.phoneNumber, p.attributes['AWS.SNS.SMS.SMSType']])).to.deep.equal([
          [ALICE, 'Transactional'],
        ]);
        expect(sns.published[0]!.message).to.match(/^Riverside Family Clinic: your appointment is booked for /);
      } finally {
        await second.stop();
      }
      const third = await startServerProcess({ ...env, OUTBOX_POLL_MS: '100' });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await third.stop();
      expect(sns.published).to.have.length(1);
    } finally {
      await sns.close();
    }
  });

  it('sends each due reminder once when two servers share one SQLite file', async () => {
    const path = join(directory, 'shared.sqlite');
    const clinic = aClinic();
    const clock = new FixedClock(MONDAY_8AM);
    const [one, two] = [
      new SqliteBookingStore(path, clinic.id),
      new SqliteBookingStore(asAnotherServer(path), clinic.id),
    ];
    const messenger = new RecordingMessenger();
    try {
      await new PublishSlots(one, clock, clinic).execute();
      const useCases = bookingUseCases(one, clock, clinic);
      const patients = aCrowdOf(5);
      for (const [i, slotId] of (
        ['2026-03-04T0900', '2026-03-04T0930', '2026-03-04T1000', '2026-03-04T1030', '2026-03-04T1100'] as SlotId[]
      ).entries()) {
        const patient = patients[i]!;
        await useCases.holdSlot.execute(slotId, patient);
        await useCases.confirmAppointment.execute(slotId, patient, 'api');
      }
      clock.set('2026-03-03T12:00:00-05:00');
      const dispatcher = (store: SqliteBookingStore) =>
        new DispatchNotifications(
          store,
          messenger,
          new InMemoryOptOuts(),
          clock,
          silentLogger,
          new AsyncLogContext(),
          whatsappWindowsOf(clinic),
        );
      await Promise.all([
        dispatcher(one).execute(),
        dispatcher(two).execute(),
        dispatcher(one).execute(),
        dispatcher(two).execute(),
      ]);
      expect(messenger.sent).to.have.length(10);
      expect(messenger.sent.filter((m) => m.body.startsWith('Reminder'))).to.have.length(5);
      expect(new Set(messenger.sent.map((m) => `${m.to} ${m.body}`)).size).to.equal(10);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
