import { expect } from 'chai';
import fc from 'fast-check';
import { PublishSlots } from '../../src/application/publish-slots.js';
import type { PatientLimits } from '../../src/domain/patient-limits.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { type Slot, statusAt } from '../../src/domain/slot.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import { bookingUseCases } from '../support/booking-use-cases.js';
import { aClinic } from '../support/clinic-builder.js';
import { FixedClock } from '../support/fixed-clock.js';
import { ALICE, BOB, CAROL } from '../support/patients.js';
import { MONDAY_8AM } from '../support/times.js';

const PATIENTS = [ALICE, BOB, CAROL];
/**
 * From low enough that batches of one patient's requests run into them, and race to, up to as many as
 * there are slots: no limit at all.
 */
const limits = fc.record({ maxHolds: fc.integer({ min: 1, max: 4 }), maxAppointments: fc.integer({ min: 1, max: 4 }) });
const LAST_MINUTE_BEFORE_OPENING = MONDAY_8AM + 59 * 60_000;

const command = fc.record({
  op: fc.constantFrom('hold', 'confirm', 'cancel', 'reschedule', 'wait'),
  patient: fc.nat(PATIENTS.length - 1),
  slot: fc.nat(3),
  minutes: fc.integer({ min: 1, max: 7 }),
});
/** Commands in a batch run at once, so their reads and commits interleave. */
const batches = fc.array(fc.array(command, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 });
/** How many event-loop turns each store call waits first: varies which read or commit comes first. */
const delays = fc.array(fc.nat(3), { minLength: 1, maxLength: 32 });

function jittered(store: BookingStore, turns: number[]): BookingStore {
  let call = 0;
  const wait = async () => {
    for (let i = turns[call++ % turns.length]!; i > 0; i--) await new Promise((resolve) => setImmediate(resolve));
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member !== 'function' || property === 'close') return member;
      return async (...args: unknown[]) => {
        await wait();
        return member.apply(target, args);
      };
    },
  });
}

async function checkInvariants(store: BookingStore, now: number, limits: PatientLimits) {
  const slots = new Map<string, Slot>((await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).map((s) => [s.slotId, s]));
  for (const patient of PATIENTS) {
    const theirs = [...slots.values()].filter((slot) => slot.patient === patient);
    const holds = theirs.filter((slot) => statusAt(slot, now) === 'HELD');
    expect(holds, `live holds of ${patient}`).to.have.length.at.most(limits.maxHolds);
    const upcoming = theirs.filter((slot) => slot.status === 'BOOKED' && slot.start > now);
    expect(upcoming, `upcoming appointments of ${patient}`).to.have.length.at.most(limits.maxAppointments);
  }
  const live = (await Promise.all(PATIENTS.map((p) => store.appointmentsOf(p))))
    .flat()
    .filter((a) => a.status === 'BOOKED');
  const liveBySlot = new Map<string, string[]>();
  for (const appointment of live) {
    liveBySlot.set(appointment.slotId, [...(liveBySlot.get(appointment.slotId) ?? []), appointment.appointmentId]);
    const slot = slots.get(appointment.slotId);
    expect(slot?.status, `slot of live ${appointment.appointmentId}`).to.equal('BOOKED');
    expect(slot?.appointmentId).to.equal(appointment.appointmentId);
    expect(slot?.patient).to.equal(appointment.patient);
  }
  for (const [slotId, ids] of liveBySlot) expect(ids, `live appointments on ${slotId}`).to.have.length(1);
  for (const slot of slots.values()) {
    if (slot.status === 'BOOKED')
      expect(liveBySlot.get(slot.slotId), `appointment of booked ${slot.slotId}`).to.deep.equal([slot.appointmentId]);
  }
}

/** Random interleavings of every booking operation through the use cases, against a real store. */
export function bookingStoreProperties(makeStore: () => Promise<BookingStore>, numRuns = 300) {
  it('never double-books nor lets a patient past the limits, whatever holds, confirms, cancels and reschedules interleave', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(batches, delays, limits, async (plan, turns, patientLimits) => {
        const real = await makeStore();
        const store = jittered(real, turns);
        try {
          const clinic = aClinic({ horizonDays: 1, weeklyHours: { monday: [{ open: '09:00', close: '11:00' }] } });
          const clock = new FixedClock(MONDAY_8AM);
          await new PublishSlots(store, clock, clinic).execute();
          const slotIds = (await store.slotsBetween(0, Number.MAX_SAFE_INTEGER)).map((s) => s.slotId);
          const {
            holdSlot: hold,
            confirmAppointment: confirm,
            cancelAppointment: cancel,
            rescheduleAppointment: reschedule,
          } = bookingUseCases(store, clock, clinic, patientLimits);
          const firstLive = async (patient: PhoneNumber) =>
            (await store.appointmentsOf(patient)).find((a) => a.status === 'BOOKED');

          for (const batch of plan) {
            await Promise.all(
              batch.map(async ({ op, patient: p, slot: s, minutes }) => {
                const patient = PATIENTS[p]!;
                const slotId = slotIds[s]!;
                if (op === 'hold') await hold.execute(slotId, patient);
                if (op === 'confirm') {
                  const booked = await confirm.execute(slotId, patient, 'api');
                  if (booked.ok)
                    expect((await store.appointment(booked.value.appointmentId))?.patient).to.equal(patient);
                }
                if (op === 'cancel') {
                  const mine = await firstLive(patient);
                  if (mine) await cancel.execute(mine.appointmentId, patient);
                }
                if (op === 'reschedule') {
                  const mine = await firstLive(patient);
                  if (mine) await reschedule.execute(mine.appointmentId, patient, slotId);
                }
                if (op === 'wait') clock.set(Math.min(clock.now() + minutes * 60_000, LAST_MINUTE_BEFORE_OPENING));
              }),
            );
            await checkInvariants(store, clock.now(), patientLimits);
          }
        } finally {
          await real.close();
        }
      }),
      { numRuns },
    );
  });
}
