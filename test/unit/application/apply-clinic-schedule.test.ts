import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { ApplyClinicSchedule } from '../../../src/application/apply-clinic-schedule.js';
import { PublishSlots } from '../../../src/application/publish-slots.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { bookingUseCases } from '../../support/booking-use-cases.js';
import { aClinic } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { ALICE } from '../../support/patients.js';
import { MONDAY_8AM } from '../../support/times.js';

const MORNINGS = [{ open: '09:00', close: '12:00' }];
const THURSDAY_9 = '2026-03-05T0900' as SlotId;

describe('applying a changed schedule to a clinic', () => {
  it('closes Thursday: its free slots can no longer be booked, the one booked stays booked, and publishing adds none back', async () => {
    const clock = new FixedClock(MONDAY_8AM);
    const store = new InMemoryBookingStore();
    const before = aClinic({ weeklyHours: { monday: MORNINGS, thursday: MORNINGS } });
    await new PublishSlots(store, clock, before).execute();
    const useCases = bookingUseCases(store, clock, before);
    await useCases.holdSlot.execute(THURSDAY_9, ALICE);
    expect((await useCases.confirmAppointment.execute(THURSDAY_9, ALICE, 'api')).ok).to.equal(true);

    const after = { ...before, weeklyHours: { monday: MORNINGS } };
    const { retired, toMove } = await new ApplyClinicSchedule(store, clock, after).execute();
    await new PublishSlots(store, clock, after).execute();

    expect(toMove.map((slot) => [slot.slotId, slot.status])).to.deep.equal([[THURSDAY_9, 'BOOKED']]);
    expect(retired).to.equal(11);
    const thursday = await store.slotsBetween(
      Date.parse('2026-03-05T00:00:00-05:00'),
      Date.parse('2026-03-06T00:00:00-05:00'),
    );
    expect(thursday.map((slot) => slot.slotId)).to.deep.equal([THURSDAY_9]);
    const refused = await bookingUseCases(store, clock, after).holdSlot.execute('2026-03-05T1000' as SlotId, ALICE);
    expect(refused.ok || refused.error.code).to.equal('SLOT_NOT_FOUND');
    expect(await new ApplyClinicSchedule(store, clock, after).execute()).to.deep.include({ retired: 0 });
  });
});
