import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryConversationStore } from '../../../src/adapters/memory/in-memory-conversation-store.js';
import { InMemoryOptOuts } from '../../../src/adapters/memory/in-memory-opt-outs.js';
import { PatientRecord } from '../../../src/application/patient-record.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { aBookedSlot, anAppointment } from '../../support/booking-builders.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { ALICE, BOB } from '../../support/patients.js';
import { MONDAY_8AM, MONDAY_9AM } from '../../support/times.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe("a patient's record, for staff", () => {
  let store: InMemoryBookingStore;
  let conversations: InMemoryConversationStore;
  let optOuts: InMemoryOptOuts;
  let clock: FixedClock;
  let record: PatientRecord;

  beforeEach(() => {
    store = new InMemoryBookingStore();
    conversations = new InMemoryConversationStore();
    optOuts = new InMemoryOptOuts();
    clock = new FixedClock(MONDAY_8AM);
    record = new PatientRecord(store, conversations, optOuts, clock);
  });

  const book = async (appointmentId: string, start: number, slotId: string, patient = ALICE) => {
    const slot = aBookedSlot(patient, appointmentId, { slotId: slotId as SlotId, start, end: start + 30 * MINUTE });
    const appointment = anAppointment(slot, patient);
    const outcome = await store.commit([
      { kind: 'slot', record: { ...slot, version: 0 } },
      { kind: 'appointment', record: { ...appointment, version: 0 } },
    ]);
    expect(outcome.committed).to.equal(true);
  };

  it("lists her appointments, the latest start first, and nobody else's", async () => {
    await book('apt_monday', MONDAY_9AM, '2026-03-02T0900');
    await book('apt_wednesday', MONDAY_9AM + 2 * DAY, '2026-03-04T0900');
    await book('apt_bob', MONDAY_9AM + DAY, '2026-03-03T0900', BOB);
    const file = await record.execute(ALICE);
    expect(file.patient).to.equal(ALICE);
    expect(file.appointments.map(({ appointmentId }) => appointmentId)).to.deep.equal(['apt_wednesday', 'apt_monday']);
  });

  it('shows what she and the receptionist said, with when, and none of the tool calls or their results', async () => {
    await conversations.append(
      ALICE,
      [
        { role: 'patient', text: 'Any time Monday?', messageId: 'SM1' },
        { role: 'receptionist', toolCalls: [{ name: 'list_available_slots', args: { date: '2026-03-02' } }] },
        { role: 'tool', results: [{ name: 'list_available_slots', response: { slots: [] } }] },
        { role: 'receptionist', text: '9:00 or 9:30?', raw: { parts: [] } },
      ],
      MONDAY_8AM - 5 * MINUTE,
    );
    await conversations.append(ALICE, [{ role: 'patient', text: '9 please' }], MONDAY_8AM - MINUTE);
    await conversations.append(BOB, [{ role: 'patient', text: "Bob's question" }], MONDAY_8AM - MINUTE);
    expect((await record.execute(ALICE)).conversation).to.deep.equal([
      { role: 'patient', text: 'Any time Monday?', at: MONDAY_8AM - 5 * MINUTE },
      { role: 'receptionist', text: '9:00 or 9:30?', at: MONDAY_8AM - 5 * MINUTE },
      { role: 'patient', text: '9 please', at: MONDAY_8AM - MINUTE },
    ]);
  });

  it('tells whether she has opted out of texts', async () => {
    expect((await record.execute(ALICE)).optedOut).to.equal(false);
    await optOuts.optOut(ALICE);
    expect((await record.execute(ALICE)).optedOut).to.equal(true);
    expect((await record.execute(BOB)).optedOut).to.equal(false);
  });

  it('is empty for a number the clinic has never heard from', async () => {
    await book('apt_bob', MONDAY_9AM, '2026-03-02T0900', BOB);
    expect(await record.execute(ALICE)).to.deep.equal({
      patient: ALICE,
      appointments: [],
      conversation: [],
      optedOut: false,
    });
  });
});
