import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryStaffCallbacks } from '../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { ClinicActivity } from '../../../src/application/clinic-activity.js';
import type { Appointment } from '../../../src/domain/appointment.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { anAppointment, aSlot } from '../../support/booking-builders.js';
import { aClinic } from '../../support/clinic-builder.js';
import { ALICE, BOB, CAROL } from '../../support/patients.js';
import { MONDAY_9AM, MONDAY_LATE_EVENING } from '../../support/times.js';

const DAY = 86_400_000;
const SUNDAY_NOON = Date.parse('2026-03-01T12:00:00-05:00');
const TUESDAY_NOON = Date.parse('2026-03-03T12:00:00-05:00');

describe("a clinic's activity by day", () => {
  let store: InMemoryBookingStore;
  let callbacks: InMemoryStaffCallbacks;
  let activity: ClinicActivity;
  let slots = 0;

  /** An appointment in a slot of its own, `daysAhead` days after Monday 09:00. */
  async function stored(overrides: Partial<Appointment>, daysAhead = 1): Promise<void> {
    const slot = aSlot({ slotId: `2026-03-02T09${String(slots++).padStart(2, '0')}` as SlotId });
    const start = MONDAY_9AM + daysAhead * DAY;
    const appointment = anAppointment(slot, ALICE, {
      appointmentId: `apt_${slots}`,
      start,
      end: start + 1_800_000,
      version: 0,
      ...overrides,
    });
    expect(await store.commit([{ kind: 'appointment', record: appointment }])).to.deep.equal({ committed: true });
  }

  beforeEach(() => {
    store = new InMemoryBookingStore();
    callbacks = new InMemoryStaffCallbacks();
    activity = new ClinicActivity(store, callbacks, aClinic());
  });

  it('answers every day of the span, in order, with zeros where nothing happened', async () => {
    const days = await activity.execute('2026-02-27', '2026-03-02');
    expect(days.map((day) => day.date)).to.deep.equal(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(days[0]).to.deep.equal({
      date: '2026-02-27',
      bookings: { sms: 0, whatsapp: 0, voice: 0, chat: 0, api: 0, console: 0 },
      cancellations: 0,
      handoffs: 0,
    });
  });

  it('counts a booking on the clinic-local day it was made, under its channel, wherever it was moved since', async () => {
    await stored({ channel: 'sms', createdAt: MONDAY_9AM, updatedAt: MONDAY_9AM });
    // 23:30 in New York is Tuesday in UTC: still Monday's booking.
    await stored({ channel: 'voice', createdAt: MONDAY_LATE_EVENING, updatedAt: MONDAY_LATE_EVENING });
    // Moved in April to a slot months after the span.
    await stored({ channel: 'chat', createdAt: MONDAY_9AM, updatedAt: MONDAY_9AM + 40 * DAY }, 120);
    await stored({ channel: 'api', createdAt: TUESDAY_NOON, updatedAt: TUESDAY_NOON });
    // Made on Sunday, before the span, though it starts within it.
    await stored({ channel: 'whatsapp', createdAt: SUNDAY_NOON, updatedAt: SUNDAY_NOON }, 0);
    // Booked before channels were recorded.
    await stored({ createdAt: MONDAY_9AM, updatedAt: MONDAY_9AM });

    const [monday, tuesday] = await activity.execute('2026-03-02', '2026-03-03');
    expect(monday!.bookings).to.deep.equal({ sms: 1, whatsapp: 0, voice: 1, chat: 1, api: 0, console: 0 });
    expect(tuesday!.bookings).to.deep.equal({ sms: 0, whatsapp: 0, voice: 0, chat: 0, api: 1, console: 0 });
  });

  it('counts a cancellation on the day it was cancelled, not the day it was booked', async () => {
    await stored({ channel: 'sms', status: 'CANCELLED', createdAt: SUNDAY_NOON, updatedAt: TUESDAY_NOON });
    await stored({ channel: 'sms', status: 'BOOKED', createdAt: SUNDAY_NOON, updatedAt: TUESDAY_NOON });

    const days = await activity.execute('2026-03-01', '2026-03-03');
    expect(days.map((day) => day.cancellations)).to.deep.equal([0, 0, 1]);
    expect(days.map((day) => day.bookings.sms)).to.deep.equal([2, 0, 0]);
  });

  it('counts every hand-off to staff on the clinic-local day it was made, resolved since or asked again', async () => {
    await callbacks.request(ALICE, 'a question about a bill', 'sms', MONDAY_9AM);
    await callbacks.resolve(ALICE);
    await callbacks.request(ALICE, 'asked again', 'sms', TUESDAY_NOON);
    await callbacks.request(ALICE, 'and again, while that is open', 'whatsapp', TUESDAY_NOON + 60_000);
    // 23:30 in New York is Tuesday in UTC: still Monday's hand-off.
    await callbacks.request(BOB, 'wants a person', 'whatsapp', MONDAY_LATE_EVENING);
    await callbacks.request(CAROL, 'before the span', 'sms', SUNDAY_NOON);

    const days = await activity.execute('2026-03-02', '2026-03-03');
    expect(days.map((day) => day.handoffs)).to.deep.equal([2, 2]);
  });
});
