import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryConversationStore } from '../../../../src/adapters/memory/in-memory-conversation-store.js';
import { InMemoryPatientProfiles } from '../../../../src/adapters/memory/in-memory-patient-profiles.js';
import { InMemoryStaffCallbacks } from '../../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { OfflineLanguageModel } from '../../../../src/adapters/offline/offline-language-model.js';
import { BookingTools } from '../../../../src/application/booking-tools.js';
import { PatientNames } from '../../../../src/application/patient-names.js';
import { PublishSlots } from '../../../../src/application/publish-slots.js';
import { ReceptionistAgent } from '../../../../src/application/receptionist-agent.js';
import type { LanguagePack } from '../../../../src/domain/language-pack.js';
import { bookingUseCases } from '../../../support/booking-use-cases.js';
import { aClinic } from '../../../support/clinic-builder.js';
import { FixedClock } from '../../../support/fixed-clock.js';
import { ENGLISH, SPANISH } from '../../../support/language-packs.js';
import { metricsFor } from '../../../support/metrics.js';
import { ALICE } from '../../../support/patients.js';
import { NO_STAFF_ALERTS } from '../../../support/staff-alerts.js';
import { silentLogger } from '../../../support/test-server.js';
import { MONDAY_8AM } from '../../../support/times.js';

const ASK = /Could I have your name for the booking too\?/;

/** The offline receptionist of a clinic that remembers its patients' names. */
async function aReceptionistThatKnowsNames(language: LanguagePack = ENGLISH) {
  const clinic = aClinic();
  const clock = new FixedClock(MONDAY_8AM);
  const store = new InMemoryBookingStore();
  const names = new PatientNames(new InMemoryPatientProfiles());
  const useCases = bookingUseCases(store, clock, clinic);
  await new PublishSlots(store, clock, clinic).execute();
  const agent = new ReceptionistAgent(
    new OfflineLanguageModel(),
    undefined,
    new BookingTools(useCases, clinic, clock, new InMemoryStaffCallbacks(), NO_STAFF_ALERTS, names),
    new InMemoryConversationStore(),
    clinic,
    clock,
    silentLogger,
    metricsFor(store, clock),
    language,
    names,
  );
  const say = (text: string) => agent.reply(ALICE, text, 'sms', undefined, 'sms', language);
  const booked = async () =>
    (await useCases.listAppointments.execute(ALICE)).filter((a) => a.status === 'BOOKED').map((a) => a.slotId);
  return { say, names, booked };
}

describe("the offline receptionist and the patient's name", () => {
  it('asks for the name once, with the hold, and books and thanks the patient by it when given with the yes', async () => {
    const { say, names, booked } = await aReceptionistThatKnowsNames();
    expect(await say('can I book tomorrow at 10?')).to.match(ASK);
    expect(await say('yes, Ana Ruiz')).to.match(/^Thanks, Ana! Booked: Tuesday, March 3 at 10:00/);
    expect(await names.nameOf(ALICE)).to.equal('Ana Ruiz');
    expect(await booked()).to.deep.equal(['2026-03-03T1000']);
  });

  it('takes a name given alone as the answer and the yes', async () => {
    const { say, names, booked } = await aReceptionistThatKnowsNames();
    await say('can I book tomorrow at 10?');
    expect(await say('Ana')).to.match(/^Thanks, Ana! Booked: /);
    expect(await names.nameOf(ALICE)).to.equal('Ana');
    expect(await booked()).to.have.length(1);
  });

  it('books a patient who gives no name, and does not ask again in the conversation', async () => {
    const { say, names, booked } = await aReceptionistThatKnowsNames();
    await say('can I book tomorrow at 10?');
    expect(await say('yes please')).to.match(/^Booked: /);
    expect(await names.nameOf(ALICE)).to.equal(undefined);
    const second = await say('and can I book thursday at 11?');
    expect(second)
      .to.match(/^I'm holding Thursday, March 5 at 11:00/)
      .and.not.match(ASK);
    expect(await booked()).to.have.length(1);
  });

  it("books a patient who would rather not say, and a 'yes perfect' is no name", async () => {
    const { say, names, booked } = await aReceptionistThatKnowsNames();
    await say('can I book tomorrow at 10?');
    expect(await say("I'd rather not say")).to.match(/^Booked: /);
    await say('and thursday at 11?');
    expect(await say('yes perfect')).to.match(/^Booked: /);
    expect(await names.nameOf(ALICE)).to.equal(undefined);
    expect(await booked()).to.have.length(2);
  });

  it('does not ask a patient whose name it knows, and thanks them by their first name', async () => {
    const { say, names } = await aReceptionistThatKnowsNames();
    await names.rename(ALICE, 'Ana Ruiz');
    expect(await say('can I book tomorrow at 10?')).not.to.match(ASK);
    expect(await say('yes')).to.match(/^Thanks, Ana! Booked: /);
  });

  it('a day in answer to the question is a new time, not a name', async () => {
    const { say, names } = await aReceptionistThatKnowsNames();
    await say('can I book tomorrow at 10?');
    expect(await say('friday instead')).to.match(/Friday, March 6/);
    expect(await names.nameOf(ALICE)).to.equal(undefined);
  });

  for (const [said, name] of [
    ['my name is Ana Ruiz', 'Ana Ruiz'],
    ['hi, call me Ana', 'Ana'],
    ["My name's Bea and I'd like to book", 'Bea'],
  ] as const) {
    it(`remembers "${said}" at any point, and a "call me" is no request for a call back`, async () => {
      const { say, names } = await aReceptionistThatKnowsNames();
      const reply = await say(said);
      expect(await names.nameOf(ALICE)).to.equal(name);
      expect(reply).not.to.match(/call you back|staff/i);
    });
  }

  it('says it will remember a name given alone, and then uses it', async () => {
    const { say } = await aReceptionistThatKnowsNames();
    expect(await say('my name is Ana Ruiz')).to.match(/^Thanks, Ana, I'll remember that\./);
    await say('can I book tomorrow at 10?');
    expect(await say('yes')).to.match(/^Thanks, Ana! Booked: /);
  });

  it('reads "me llamo" and asks and thanks in Spanish', async () => {
    const { say, names } = await aReceptionistThatKnowsNames(SPANISH);
    expect(await say('quiero una cita mañana a las 10')).to.match(/¿Me dice también su nombre para la cita\?/);
    expect(await say('sí, Ana')).to.match(/^¡Gracias, Ana! Cita confirmada: /);
    expect(await say('me llamo Ana María')).to.match(/^Gracias, Ana, lo recordaré\./);
    expect(await names.nameOf(ALICE)).to.equal('Ana María');
  });

  it('takes "call me back tomorrow" for what it is, a request for a call back, and no name', async () => {
    const { say, names } = await aReceptionistThatKnowsNames();
    expect(await say('can someone call me back tomorrow')).to.match(/passed your message to our staff/);
    expect(await names.nameOf(ALICE)).to.equal(undefined);
  });
});
