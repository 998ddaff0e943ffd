import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import type { Notification } from '../../src/domain/notification.js';
import { StoreUnavailableError } from '../../src/ports/booking-store.js';
import { ALICE } from '../support/patients.js';
import { expectNoPatientData, type PrometheusScrape, scrapeMetrics } from '../support/prometheus-text.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const outbox = (scrape: PrometheusScrape) => ({
  due: scrape.value('receptionist_outbox_due_notifications'),
  oldestAgeSeconds: scrape.value('receptionist_outbox_oldest_due_age_seconds'),
});

/** A store whose outbox stops answering when told to, as DynamoDB does when it cannot be reached. */
class OutboxGoingDown extends InMemoryBookingStore {
  down = false;

  override async dueNotifications(now: number, limit: number): Promise<Notification[]> {
    if (this.down) throw new StoreUnavailableError(new Error('connect ECONNREFUSED'));
    return super.dueNotifications(now, limit);
  }
}

describe('the outbox in /metrics', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('shows the texts due and how long the oldest has waited, read from the store at each scrape', async () => {
    // Nothing is sent: the outbox is not dispatched on a test server.
    server = await startTestServer();
    const scrape = () => scrapeMetrics(server.url);
    expect(outbox(await scrape())).to.deep.equal({ due: 0, oldestAgeSeconds: 0 });
    // Tuesday 10:00: its confirmation is due now, its reminder on Monday at 10:00.
    const tuesday = { slotId: '2026-03-03T1000', phoneNumber: ALICE };
    expect((await server.request('POST', '/api/v1/slots/hold', tuesday)).status).to.equal(201);
    expect((await server.request('POST', '/api/v1/appointments/confirm', tuesday)).status).to.equal(201);
    expect(outbox(await scrape())).to.deep.equal({ due: 1, oldestAgeSeconds: 0 });
    server.clock.advance(90_000);
    expect(outbox(await scrape())).to.deep.equal({ due: 1, oldestAgeSeconds: 90 });
    server.clock.set('2026-03-02T10:00:30-05:00');
    const after = await scrape();
    expect(outbox(after)).to.deep.equal({ due: 2, oldestAgeSeconds: 2 * 3600 + 30 });
    expectNoPatientData(after);
  });

  it('reads NaN while the store does not answer, and still serves every other figure', async () => {
    const store = new OutboxGoingDown();
    server = await startTestServer({ store });
    store.down = true;
    const scrape = await scrapeMetrics(server.url);
    expect(outbox(scrape).due).to.be.NaN;
    expect(outbox(scrape).oldestAgeSeconds).to.be.NaN;
    expect(scrape.value('receptionist_live_call_seats_max')).to.equal(150);
  });
});
