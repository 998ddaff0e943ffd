import { expect } from 'chai';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryOptOuts } from '../../src/adapters/memory/in-memory-opt-outs.js';
import { AsyncLogContext } from '../../src/adapters/system/async-log-context.js';
import type { BookingUseCases } from '../../src/application/booking-use-cases.js';
import { DispatchNotifications, type DispatchPolicy } from '../../src/application/dispatch-notifications.js';
import { PublishSlots } from '../../src/application/publish-slots.js';
import { reminderIdOf } from '../../src/domain/notification-policy.js';
import type { SlotId } from '../../src/domain/slot.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { Messenger, OutboundMessage } from '../../src/ports/messenger.js';
import type { OptOuts } from '../../src/ports/opt-outs.js';
import { aStoreWithBookings, bookingUseCases } from '../support/booking-use-cases.js';
import { aClinic } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { FixedClock } from '../support/fixed-clock.js';
import { ALICE } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { silentLogger, startTestServer } from '../support/test-server.js';
import { MONDAY_8AM, MONDAY_10AM } from '../support/times.js';
import { whatsappWindowsOf } from '../support/whatsapp-windows.js';

const TUESDAY_10 = '2026-03-03T1000' as SlotId;
const FRIDAY_10 = '2026-03-06T1000' as SlotId;
const POLICY: DispatchPolicy = {
  batchSize: 10,
  leaseMs: 60_000,
  maxAttempts: 3,
  retryDelayMs: 30_000,
  maxRetryDelayMs: 120_000,
};

/** Fails its first `failures` sends the way a provider outage does, then delivers. */
class FlakyMessenger extends RecordingMessenger {
  attempts = 0;
  constructor(private failures: number) {
    super();
  }
  override async send(message: OutboundMessage) {
    this.attempts++;
    if (this.failures-- > 0) throw new Error('provider answered 503');
    return super.send(message);
  }
}

describe('confirmations and reminders through the outbox', () => {
  let clock: FixedClock;
  let store: BookingStore;
  let useCases: BookingUseCases;
  let optOuts: OptOuts;
  const clinic = aClinic();

  beforeEach(async () => {
    clock = new FixedClock(MONDAY_8AM);
    store = new InMemoryBookingStore();
    optOuts = new InMemoryOptOuts();
    useCases = bookingUseCases(store, clock, clinic);
    await new PublishSlots(store, clock, clinic).execute();
  });

  const dispatcher = (messenger: Messenger) =>
    new DispatchNotifications(
      store,
      messenger,
      optOuts,
      clock,
      silentLogger,
      new AsyncLogContext(),
      whatsappWindowsOf(clinic),
      POLICY,
    );
  async function book(slotId: SlotId) {
    expect((await useCases.holdSlot.execute(slotId, ALICE)).ok).to.equal(true);
    const booked = await useCases.confirmAppointment.execute(slotId, ALICE, 'api');
    if (!booked.ok) throw new Error(booked.error.code);
    return booked.value;
  }

  it('sends the booking confirmation once, and the reminder a day before the visit, once', async () => {
    const messenger = new RecordingMessenger();
    const { appointmentId } = await book(TUESDAY_10);
    expect(await dispatcher(messenger).execute()).to.deep.equal({ sent: 1, retrying: 0, failed: 0, skipped: 0 });
    expect(messenger.sent).to.deep.equal([
      {
        to: ALICE,
        channel: 'sms',
        body: `Test Clinic: your appointment is booked for Tuesday 3 March at 10:00 AM. Ref ${appointmentId}. Reply to move or cancel it.`,
      },
    ]);
    expect(await dispatcher(messenger).execute()).to.deep.equal({ sent: 0, retrying: 0, failed: 0, skipped: 0 });

    clock.set('2026-03-02T09:59:00-05:00');
    expect((await dispatcher(messenger).execute()).sent).to.equal(0);
    clock.set(MONDAY_10AM);
    expect((await dispatcher(messenger).execute()).sent).to.equal(1);
    expect(messenger.sent[1]!.body).to.equal(
      'Reminder from Test Clinic: your appointment is on Tuesday 3 March at 10:00 AM. Reply to move or cancel it.',
    );
    expect((await dispatcher(messenger).execute()).sent).to.equal(0);
    expect(messenger.sent).to.have.length(2);
  });

  it('retries a failing provider with backoff, never marks it sent early, and keeps the booking', async () => {
    const messenger = new FlakyMessenger(2);
    const { appointmentId } = await book(TUESDAY_10);
    expect((await dispatcher(messenger).execute()).retrying).to.equal(1);
    const [pending] = (await store.dueNotifications(Number.MAX_SAFE_INTEGER, 10)).filter((n) => n.kind === 'BOOKED');
    expect(pending).to.include({
      status: 'PENDING',
      attempts: 1,
      lastError: 'provider answered 503',
      dueAt: MONDAY_8AM + 30_000,
    });
    expect((await store.appointment(appointmentId))!.status).to.equal('BOOKED');

    expect((await dispatcher(messenger).execute()).retrying).to.equal(0);
    clock.advanceMinutes(0.5);
    expect((await dispatcher(messenger).execute()).retrying).to.equal(1);
    clock.advanceMinutes(1);
    expect((await dispatcher(messenger).execute()).sent).to.equal(1);
    expect(messenger.attempts).to.equal(3);
    expect(messenger.sent).to.have.length(1);
    expect(await store.notification(pending!.notificationId)).to.include({ status: 'SENT', attempts: 3 });
  });

  it('gives up after the last attempt and records it as failed, not sent', async () => {
    const messenger = new FlakyMessenger(10);
    await book(TUESDAY_10);
    const [confirmation] = await store.dueNotifications(MONDAY_8AM, 10);
    for (let round = 0; round < 3; round++) {
      await dispatcher(messenger).execute();
      clock.advanceMinutes(10);
    }
    expect(await store.notification(confirmation!.notificationId)).to.include({
      status: 'FAILED',
      attempts: 3,
      lastError: 'provider answered 503',
    });
    expect((await dispatcher(messenger).execute()).retrying).to.equal(0);
    expect(messenger.sent).to.deep.equal([]);
    expect(messenger.attempts).to.equal(3);
  });

  it('tells of a cancellation and withdraws the reminder', async () => {
    const messenger = new RecordingMessenger();
    const { appointmentId } = await book(TUESDAY_10);
    await dispatcher(messenger).execute();
    clock.advanceMinutes(1);
    await useCases.cancelAppointment.execute(appointmentId, ALICE);
    expect((await store.notification(reminderIdOf(appointmentId)))!.status).to.equal('SKIPPED');
    clock.set(MONDAY_10AM);
    await dispatcher(messenger).execute();
    expect(messenger.sent.map((m) => m.body)).to.deep.equal([
      `Test Clinic: your appointment is booked for Tuesday 3 March at 10:00 AM. Ref ${appointmentId}. Reply to move or cancel it.`,
      'Test Clinic: your appointment on Tuesday 3 March at 10:00 AM is cancelled.',
    ]);
  });

  it('never sends a confirmation after the cancellation: one still owed when the appointment is cancelled is dropped', async () => {
    const messenger = new FlakyMessenger(1);
    const { appointmentId } = await book(TUESDAY_10);
    expect(await dispatcher(messenger).execute()).to.include({ retrying: 1 });
    // Cancelled while the confirmation waits out its 30 s backoff: the cancellation goes out first.
    clock.advanceMinutes(0.1);
    await useCases.cancelAppointment.execute(appointmentId, ALICE);
    expect(await dispatcher(messenger).execute()).to.deep.equal({ sent: 1, retrying: 0, failed: 0, skipped: 0 });
    clock.advanceMinutes(5);
    expect(await dispatcher(messenger).execute()).to.deep.equal({ sent: 0, retrying: 0, failed: 0, skipped: 1 });
    expect(messenger.sent.map((m) => m.body)).to.deep.equal([
      'Test Clinic: your appointment on Tuesday 3 March at 10:00 AM is cancelled.',
    ]);
  });

  it('tells of the latest move only, when an earlier one had not gone out yet', async () => {
    const messenger = new RecordingMessenger();
    const { appointmentId } = await book(TUESDAY_10);
    await dispatcher(messenger).execute();
    await useCases.rescheduleAppointment.execute(appointmentId, ALICE, FRIDAY_10);
    await useCases.rescheduleAppointment.execute(appointmentId, ALICE, TUESDAY_10);
    expect(await dispatcher(messenger).execute()).to.deep.equal({ sent: 1, retrying: 0, failed: 0, skipped: 1 });
    expect(messenger.sent.at(-1)!.body).to.equal(
      `Test Clinic: your appointment has moved to Tuesday 3 March at 10:00 AM. Ref ${appointmentId}.`,
    );
  });

  it('tells of a move and moves the reminder with it', async () => {
    const messenger = new RecordingMessenger();
    const { appointmentId } = await book(TUESDAY_10);
    await useCases.rescheduleAppointment.execute(appointmentId, ALICE, FRIDAY_10);
    expect(await store.notification(reminderIdOf(appointmentId))).to.include({
      status: 'PENDING',
      dueAt: Date.parse('2026-03-05T10:00:00-05:00'),
    });
    await dispatcher(messenger).execute();
    expect(messenger.sent.map((m) => m.body)).to.include(
      `Test Clinic: your appointment has moved to Friday 6 March at 10:00 AM. Ref ${appointmentId}.`,
    );
    clock.set(MONDAY_10AM);
    expect((await dispatcher(messenger).execute()).sent).to.equal(0);
    clock.set('2026-03-05T10:00:00-05:00');
    expect((await dispatcher(messenger).execute()).sent).to.equal(1);
    expect(messenger.sent.at(-1)!.body).to.include('Friday 6 March at 10:00 AM');
  });

  it('sends nothing to a patient who texted STOP', async () => {
    const messenger = new RecordingMessenger();
    await book(TUESDAY_10);
    await optOuts.optOut(ALICE, MONDAY_8AM);
    clock.set(MONDAY_10AM);
    expect(await dispatcher(messenger).execute()).to.deep.equal({ sent: 0, retrying: 0, failed: 0, skipped: 2 });
    expect(messenger.sent).to.deep.equal([]);
  });

  it('sends each due notification once when two dispatchers race over them', async () => {
    const messenger = new RecordingMessenger();
    // Four bookings of one patient: one more than the default limit lets her have.
    useCases = bookingUseCases(store, clock, clinic, { maxHolds: 3, maxAppointments: 4 });
    for (const slot of ['2026-03-03T0900', '2026-03-03T0930', '2026-03-03T1000', '2026-03-03T1030'] as SlotId[])
      await book(slot);
    clock.set('2026-03-02T12:00:00-05:00');
    const reports = await Promise.all([dispatcher(messenger).execute(), dispatcher(messenger).execute()]);
    expect(reports[0]!.sent + reports[1]!.sent).to.equal(8);
    expect(messenger.sent).to.have.length(8);
    expect(new Set(messenger.sent.map((m) => m.body)).size).to.equal(8);
  });

  it('does not book a reminder that would already be due', async () => {
    clock.set('2026-03-02T09:15:00-05:00');
    const { appointmentId } = await book('2026-03-02T1000' as SlotId);
    expect(await store.notification(reminderIdOf(appointmentId))).to.equal(undefined);
  });
});

describe('the outbox as the server runs it', () => {
  it('logs each round under a request id of its own, and each attempt with its notification and attempt', async () => {
    const clinic = aClinic();
    const clock = new FixedClock(MONDAY_8AM);
    const store = await aStoreWithBookings(clinic, clock, ALICE, [TUESDAY_10, FRIDAY_10]);
    const logger = new RecordingLogger();
    const server = await startTestServer({ clinic, store, logger, outboxPollMs: 3_600_000 });
    try {
      await eventually(() => logger.withMessage('notification sent').length === 2, 'both confirmations to be sent');
    } finally {
      await server.close();
    }

    // The messenger's own lines (the console's, here) are the attempt's too.
    const written = logger.withMessage('message not sent (console messenger)').map(({ fields }) => fields);
    const sent = logger.withMessage('notification sent').map(({ fields }) => fields);
    const round = sent[0]?.requestId;
    expect(round).to.be.a('string');
    expect([...written, ...sent].map(({ requestId }) => requestId)).to.deep.equal([round, round, round, round]);
    const attempts = sent.map(({ notificationId, attempt }) => ({ notificationId, attempt }));
    expect(written.map(({ notificationId, attempt }) => ({ notificationId, attempt }))).to.deep.equal(attempts);
    expect(attempts.map(({ attempt }) => attempt)).to.deep.equal([1, 1]);
    expect(new Set(attempts.map(({ notificationId }) => notificationId)).size).to.equal(2);
  });
});
