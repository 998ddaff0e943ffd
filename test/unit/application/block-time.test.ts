import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { RandomIdGenerator } from '../../../src/adapters/system/random-id-generator.js';
import { ApplyClinicSchedule } from '../../../src/application/apply-clinic-schedule.js';
import { BlockTime } from '../../../src/application/block-time.js';
import { PublishSlots } from '../../../src/application/publish-slots.js';
import type { TimeSelection } from '../../../src/application/time-selection.js';
import { UnblockTime } from '../../../src/application/unblock-time.js';
import type { Clinic } from '../../../src/domain/clinic.js';
import type { Result } from '../../../src/domain/result.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { fromLocal } from '../../../src/domain/zoned-time.js';
import { MAX_WRITES_PER_COMMIT } from '../../../src/ports/booking-store.js';
import { bookingUseCases } from '../../support/booking-use-cases.js';
import { aClinic, aProvider } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { ENGLISH, wordingIn } from '../../support/language-packs.js';
import { metricsFor } from '../../support/metrics.js';
import { ALICE, BOB } from '../../support/patients.js';
import { MONDAY_8AM } from '../../support/times.js';

const NEW_YORK = 'America/New_York';
const at = (date: string, time: string) => fromLocal(date, time, NEW_YORK);
/** Mornings and afternoons on weekdays, as Dr. Lee and Dr. Park both work. */
const DAY_HOURS = [
  { open: '09:00', close: '12:00' },
  { open: '13:00', close: '17:00' },
];
const WEEKDAYS = {
  monday: DAY_HOURS,
  tuesday: DAY_HOURS,
  wednesday: DAY_HOURS,
  thursday: DAY_HOURS,
  friday: DAY_HOURS,
};
/** Easter Monday, five weeks on: beyond a 14-day horizon. */
const EASTER_MONDAY = '2026-04-06';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function aClinicOpen(
  clinic: Clinic = aClinic({ weeklyHours: WEEKDAYS, providers: [aProvider('lee'), aProvider('park')] }),
) {
  const clock = new FixedClock(MONDAY_8AM);
  const store = new InMemoryBookingStore();
  await new PublishSlots(store, clock, clinic).execute();
  const metrics = metricsFor(store, clock);
  const policy = { channel: 'sms' as const, reminderLeadMs: 24 * 3_600_000 };
  return {
    clock,
    store,
    clinic,
    useCases: bookingUseCases(store, clock, clinic),
    block: new BlockTime(store, clock, new RandomIdGenerator(), clinic, policy, metrics, wordingIn(ENGLISH)),
    unblock: new UnblockTime(store, clock, clinic, metrics),
    statusesOn: async (date: string, providerId?: string) =>
      (await store.slotsBetween(at(date, '00:00'), at(date, '23:59'), providerId)).map((slot) => slot.status),
  };
}

const leeTuesdayAfternoon: TimeSelection = {
  from: at('2026-03-03', '13:00'),
  to: at('2026-03-03', '17:00'),
  providerId: 'lee',
};

describe("blocking a provider's afternoon", () => {
  it("takes Dr. Lee's Tuesday afternoon out of the schedule and leaves her morning and Dr. Park's day bookable", async () => {
    const { block, store, useCases } = await aClinicOpen();
    const { blocked, cancelled } = value(
      await block.execute(leeTuesdayAfternoon, { booked: 'refuse', reason: 'surgery' }),
    );

    expect(blocked.map((slot) => slot.slotId)).to.deep.equal(
      ['1300', '1330', '1400', '1430', '1500', '1530', '1600', '1630'].map((time) => `2026-03-03T${time}-lee`),
    );
    expect(blocked.every((slot) => slot.status === 'BLOCKED' && slot.blockReason === 'surgery')).to.equal(true);
    expect(cancelled).to.deep.equal([]);
    const tuesday = await store.slotsBetween(at('2026-03-03', '00:00'), at('2026-03-04', '00:00'));
    expect(tuesday.filter((slot) => slot.status === 'BLOCKED')).to.have.length(8);
    const free = await useCases.listSlots.execute({ day: '2026-03-03', onlyAvailable: true });
    expect(free.map((slot) => slot.slotId)).to.include.members(['2026-03-03T1300-park', '2026-03-03T1130-lee']);
    expect(free.map((slot) => slot.slotId)).to.not.include('2026-03-03T1300-lee');
    const refused = await useCases.holdSlot.execute('2026-03-03T1300-lee' as SlotId, ALICE);
    expect(refused.ok || refused.error.code).to.equal('SLOT_BLOCKED');
  });

  it('refuses while a patient has booked in it, naming the appointment, and blocks nothing', async () => {
    const { block, useCases, statusesOn } = await aClinicOpen();
    await useCases.holdSlot.execute('2026-03-03T1500-lee' as SlotId, ALICE);
    const booked = value(await useCases.confirmAppointment.execute('2026-03-03T1500-lee' as SlotId, ALICE, 'api'));

    const refused = await block.execute(leeTuesdayAfternoon, { booked: 'refuse' });

    expect(refused.ok || refused.error).to.deep.include({
      code: 'SLOT_BOOKED',
      appointmentIds: [booked.appointmentId],
    });
    expect(await statusesOn('2026-03-03', 'lee')).to.not.include('BLOCKED');
  });

  it('cancels the booking with the block when told to: the patient is told, the reminder withdrawn, all in the commit', async () => {
    const { block, store, useCases, clock } = await aClinicOpen();
    await useCases.holdSlot.execute('2026-03-03T1500-lee' as SlotId, ALICE);
    const booked = value(await useCases.confirmAppointment.execute('2026-03-03T1500-lee' as SlotId, ALICE, 'api'));

    const { blocked, cancelled } = value(await block.execute(leeTuesdayAfternoon, { booked: 'cancel' }));

    expect(blocked).to.have.length(8);
    expect(cancelled).to.deep.equal([{ ...booked, status: 'CANCELLED', updatedAt: clock.now(), version: 2 }]);
    expect((await store.appointment(booked.appointmentId))?.status).to.equal('CANCELLED');
    const texts = (await store.dueNotifications(clock.now(), 10)).filter(
      (n) => n.appointmentId === booked.appointmentId,
    );
    expect(texts.map((n) => n.kind)).to.have.members(['BOOKED', 'CANCELLED']);
    expect(texts.find((n) => n.kind === 'CANCELLED')!.body).to.contain('is cancelled');
    expect((await store.notification(`rem_${booked.appointmentId}`))?.status).to.equal('SKIPPED');
  });

  it('refuses while a patient holds a slot in it, and drops the hold when told to cancel: the holder then cannot book it', async () => {
    const { block, useCases } = await aClinicOpen();
    value(await useCases.holdSlot.execute('2026-03-03T1600-lee' as SlotId, BOB));

    const refused = await block.execute(leeTuesdayAfternoon, { booked: 'refuse' });
    expect(refused.ok || refused.error.code).to.equal('SLOT_HELD');

    value(await block.execute(leeTuesdayAfternoon, { booked: 'cancel' }));
    const confirm = await useCases.confirmAppointment.execute('2026-03-03T1600-lee' as SlotId, BOB, 'api');
    expect(confirm.ok || confirm.error.code).to.equal('NO_VALID_HOLD');
  });

  it('unblocks the afternoon: its slots are free and bookable again', async () => {
    const { block, unblock, useCases, statusesOn } = await aClinicOpen();
    value(await block.execute(leeTuesdayAfternoon, { booked: 'refuse' }));

    const unblocked = value(await unblock.execute(leeTuesdayAfternoon));

    expect(unblocked).to.have.length(8);
    expect(unblocked.every((slot) => slot.status === 'AVAILABLE' && slot.blockReason === undefined)).to.equal(true);
    expect(await statusesOn('2026-03-03', 'lee')).to.not.include('BLOCKED');
    expect((await useCases.holdSlot.execute('2026-03-03T1300-lee' as SlotId, ALICE)).ok).to.equal(true);
  });
});

describe('blocking whole days', () => {
  const easter: TimeSelection = { days: { from: EASTER_MONDAY, to: EASTER_MONDAY } };

  it('blocks a holiday beyond the horizon, which a later publish and schedule change leave blocked', async () => {
    const { block, store, clock, clinic, statusesOn } = await aClinicOpen();
    expect(await statusesOn(EASTER_MONDAY), 'not published yet').to.deep.equal([]);

    const { blocked } = value(await block.execute(easter, { booked: 'refuse', reason: 'Easter Monday' }));
    expect(blocked).to.have.length(28);

    clock.set(at('2026-04-01', '08:00'));
    await new PublishSlots(store, clock, clinic).execute();
    expect((await new ApplyClinicSchedule(store, clock, clinic).execute()).retired).to.equal(0);
    const easterSlots = await store.slotsBetween(at(EASTER_MONDAY, '00:00'), at('2026-04-07', '00:00'));
    expect(easterSlots).to.have.length(28);
    expect(easterSlots.every((slot) => slot.status === 'BLOCKED' && slot.blockReason === 'Easter Monday')).to.equal(
      true,
    );
    expect(await statusesOn('2026-04-07'), 'the day after opens as ever').to.include('AVAILABLE');
  });

  it('unblocks a holiday beyond the horizon by removing it: publishing opens it with the rest of its day', async () => {
    const { block, unblock, store, clock, clinic, statusesOn } = await aClinicOpen();
    value(await block.execute(easter, { booked: 'refuse' }));

    expect(value(await unblock.execute(easter))).to.have.length(28);
    expect(await statusesOn(EASTER_MONDAY)).to.deep.equal([]);

    clock.set(at('2026-04-01', '08:00'));
    await new PublishSlots(store, clock, clinic).execute();
    expect(await statusesOn(EASTER_MONDAY)).to.deep.equal(Array(28).fill('AVAILABLE'));
  });

  it('blocks a day of more slots than one commit may write, every one of them', async () => {
    const crowded = aClinic({
      slotMinutes: 5,
      providers: [aProvider('lee'), aProvider('park'), aProvider('diaz'), aProvider('kim')],
    });
    const { block, store, statusesOn } = await aClinicOpen(crowded);
    const sizes: number[] = [];
    const commit = store.commit.bind(store);
    store.commit = (writes) => {
      sizes.push(writes.length);
      return commit(writes);
    };

    const { blocked } = value(
      await block.execute({ days: { from: '2026-03-04', to: '2026-03-04' } }, { booked: 'refuse' }),
    );

    expect(blocked).to.have.length(4 * 36);
    expect(await statusesOn('2026-03-04')).to.deep.equal(Array(4 * 36).fill('BLOCKED'));
    expect(Math.max(...sizes), "DynamoDB's limit").to.be.at.most(MAX_WRITES_PER_COMMIT);
  });

  it('blocks one slot by its id, and refuses an id the schedule never makes', async () => {
    const { block } = await aClinicOpen();
    const { blocked } = value(await block.execute({ slotId: '2026-03-05T0930-park' as SlotId }, { booked: 'refuse' }));
    expect(blocked.map((slot) => slot.slotId)).to.deep.equal(['2026-03-05T0930-park']);
    const unknown = await block.execute({ slotId: '2026-03-05T0945-park' as SlotId }, { booked: 'refuse' });
    expect(unknown.ok || unknown.error.code).to.equal('SLOT_NOT_FOUND');
  });
});
