import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryConversationStore } from '../../../../src/adapters/memory/in-memory-conversation-store.js';
import { InMemoryPatientProfiles } from '../../../../src/adapters/memory/in-memory-patient-profiles.js';
import { InMemoryStaffCallbacks } from '../../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { OfflineLanguageModel } from '../../../../src/adapters/offline/offline-language-model.js';
import { BookingTools } from '../../../../src/application/booking-tools.js';
import { BookingUseCases } from '../../../../src/application/booking-use-cases.js';
import { PatientNames } from '../../../../src/application/patient-names.js';
import { PublishSlots } from '../../../../src/application/publish-slots.js';
import { ReceptionistAgent } from '../../../../src/application/receptionist-agent.js';
import type { PhoneNumber } from '../../../../src/domain/phone-number.js';
import type { Logger } from '../../../../src/ports/logger.js';
import { DEFAULT_PATIENT_LIMITS } from '../../../support/booking-use-cases.js';
import { aClinic } from '../../../support/clinic-builder.js';
import { FixedClock } from '../../../support/fixed-clock.js';
import { ENGLISH, wordingIn } from '../../../support/language-packs.js';
import { metricsFor } from '../../../support/metrics.js';
import { ALICE, BOB } from '../../../support/patients.js';
import { NO_STAFF_ALERTS } from '../../../support/staff-alerts.js';
import { MONDAY_8AM } from '../../../support/times.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The whole text receptionist on the offline model and in-memory stores: what runs with no keys. */
async function anOfflineReceptionist() {
  const clinic = aClinic();
  const clock = new FixedClock(MONDAY_8AM);
  const store = new InMemoryBookingStore();
  let issued = 0;
  const ids = { next: (prefix: string) => `${prefix}_${++issued}` };
  const metrics = metricsFor(store, clock);
  const useCases = new BookingUseCases(
    store,
    clock,
    ids,
    clinic,
    { channel: 'sms', reminderLeadMs: 24 * 3_600_000 },
    DEFAULT_PATIENT_LIMITS,
    metrics,
    wordingIn(ENGLISH),
  );
  await new PublishSlots(store, clock, clinic).execute();
  const agent = new ReceptionistAgent(
    new OfflineLanguageModel(),
    undefined,
    new BookingTools(
      useCases,
      clinic,
      clock,
      new InMemoryStaffCallbacks(),
      NO_STAFF_ALERTS,
      new PatientNames(new InMemoryPatientProfiles()),
    ),
    new InMemoryConversationStore(),
    clinic,
    clock,
    quiet,
    metrics,
    ENGLISH,
  );
  const booked = async (patient: PhoneNumber) =>
    (await useCases.listAppointments.execute(patient)).filter((a) => a.status === 'BOOKED').map((a) => a.slotId);
  return { agent, clock, store, booked };
}

describe('the receptionist on the offline model', () => {
  it('knows a message it has answered by its id, and gives the reply it gave then, tool calls and all', async () => {
    const { agent, booked } = await anOfflineReceptionist();
    const held = await agent.reply(ALICE, 'hi, can I book tmrw at 10?', 'sms', 'SM-1');
    const confirmed = await agent.reply(ALICE, 'yes', 'sms', 'SM-2');
    expect(await agent.earlierReply(ALICE, 'SM-1')).to.equal(held);
    expect(await agent.earlierReply(ALICE, 'SM-2'))
      .to.equal(confirmed)
      .and.match(/^Booked: /);
    expect(await agent.earlierReply(ALICE, 'SM-3')).to.equal(undefined);
    expect(await agent.earlierReply(BOB, 'SM-2'), "another patient's message id").to.equal(undefined);
    expect(await booked(ALICE)).to.have.length(1);
  });

  it('books, moves and cancels an appointment by text', async () => {
    const { agent, booked } = await anOfflineReceptionist();
    expect(await agent.reply(ALICE, 'hi, can I book tmrw at 10?')).to.equal(
      "I'm holding Tuesday, March 3 at 10:00 AM for you. Reply YES to confirm.",
    );
    expect(await agent.reply(ALICE, 'yes')).to.equal('Booked: Tuesday, March 3 at 10:00 AM. Your reference is apt_1.');
    expect(await booked(ALICE)).to.deep.equal(['2026-03-03T1000']);

    expect(await agent.reply(ALICE, 'can I move my 10am to Friday instead?')).to.equal(
      'Shall I move your appointment on Tuesday, March 3 at 10:00 AM to Friday, March 6 at 10:00 AM? Reply YES to confirm.',
    );
    expect(await agent.reply(ALICE, 'yes pls')).to.equal('Done: your appointment is now Friday, March 6 at 10:00 AM.');
    expect(await booked(ALICE)).to.deep.equal(['2026-03-06T1000']);

    expect(await agent.reply(ALICE, 'cancle my appt')).to.match(
      /^Cancel your appointment on Friday, March 6 at 10:00 AM\?/,
    );
    expect(await agent.reply(ALICE, 'yes')).to.equal(
      'Cancelled: your appointment on Friday, March 6 at 10:00 AM. Text us any time to book again.',
    );
    expect(await booked(ALICE)).to.deep.equal([]);
  });

  it('an expired hold re-held before confirming still ends booked when the slot is free', async () => {
    const { agent, clock, booked } = await anOfflineReceptionist();
    await agent.reply(ALICE, 'can I book tomorrow at 10?');
    clock.advanceMinutes(11);
    expect(await agent.reply(ALICE, 'yes')).to.equal(
      "Your hold had expired, so I've held Tuesday, March 3 at 10:00 AM again. Reply YES to confirm.",
    );
    expect(await agent.reply(ALICE, 'yes')).to.match(/^Booked: Tuesday, March 3 at 10:00 AM\./);
    expect(await booked(ALICE)).to.deep.equal(['2026-03-03T1000']);
  });

  it('offers the nearest times, and claims no booking, when another patient took the slot while the hold lapsed', async () => {
    const { agent, clock, booked } = await anOfflineReceptionist();
    await agent.reply(ALICE, 'can I book tomorrow at 10?');
    clock.advanceMinutes(11);
    await agent.reply(BOB, 'can I book tomorrow at 10?');
    await agent.reply(BOB, 'yes');
    expect(await agent.reply(ALICE, 'yes')).to.equal(
      '10:00 AM is taken on Tuesday, March 3. I have 9:30 AM or 10:30 AM; which suits you?',
    );
    expect(await booked(ALICE)).to.deep.equal([]);
    expect(await agent.reply(ALICE, 'the 10:30')).to.equal(
      "I'm holding Tuesday, March 3 at 10:30 AM for you. Reply YES to confirm.",
    );
  });

  it('sends a patient who books by text one message, the reply, and the booking made by phone its text too; reminders still go', async () => {
    const { agent, clock, store } = await anOfflineReceptionist();
    await agent.reply(ALICE, 'can I book tomorrow at 10?');
    expect(await agent.reply(ALICE, 'yes')).to.match(/^Booked: /);
    await agent.reply(BOB, 'can I book tomorrow at 11?', 'sms', undefined, 'voice');
    await agent.reply(BOB, 'yes', 'sms', undefined, 'voice');
    const due = await store.dueNotifications(clock.now(), 10);
    expect(due.map((n) => [n.patient, n.kind])).to.deep.equal([[BOB, 'BOOKED']]);
    const reminders = await store.dueNotifications(Date.parse('2026-03-03T10:00:00-05:00'), 10);
    expect(reminders.filter((n) => n.kind === 'REMINDER').map((n) => n.patient)).to.have.members([ALICE, BOB]);
  });

  it('keeps each patient to their own conversation', async () => {
    const { agent } = await anOfflineReceptionist();
    await agent.reply(ALICE, 'can I book tomorrow at 10?');
    expect(await agent.reply(BOB, 'yes')).to.equal(
      "Sorry, I'm not sure what you're saying yes to. Would you like to book, move or cancel an appointment?",
    );
  });
});
