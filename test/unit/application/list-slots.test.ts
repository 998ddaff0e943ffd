import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import type { BookingUseCases } from '../../../src/application/booking-use-cases.js';
import type { ListedSlot } from '../../../src/application/list-slots.js';
import { PublishSlots } from '../../../src/application/publish-slots.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { bookingUseCases } from '../../support/booking-use-cases.js';
import { aClinic } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { ALICE, BOB } from '../../support/patients.js';
import { MONDAY_8AM, MONDAY_9AM, MONDAY_10AM } from '../../support/times.js';

const NINE = '2026-03-02T0900' as SlotId;
const HALF_NINE = '2026-03-02T0930' as SlotId;
const TEN = '2026-03-02T1000' as SlotId;
const MONDAY = { day: '2026-03-02' };

/**
 * A listing depends on the time as well as on the store: a hold runs out, a slot starts. Listed again
 * and again while the store is unchanged, it must still change at those very moments.
 */
describe('listing slots as time passes', () => {
  let clock: FixedClock;
  let useCases: BookingUseCases;
  const slotIn = (slots: readonly ListedSlot[], slotId: SlotId) => slots.find((slot) => slot.slotId === slotId);
  const listed = () => useCases.listSlots.execute(MONDAY);
  const free = () => useCases.listSlots.execute({ ...MONDAY, onlyAvailable: true });

  beforeEach(async () => {
    clock = new FixedClock(MONDAY_8AM);
    const store = new InMemoryBookingStore();
    const clinic = aClinic();
    await new PublishSlots(store, clock, clinic).execute();
    useCases = bookingUseCases(store, clock, clinic);
  });

  it('shows a held slot free again at the very millisecond its hold expires, whether all or only free slots are asked', async () => {
    const hold = await useCases.holdSlot.execute(NINE, ALICE);
    if (!hold.ok) throw new Error(hold.error.code);
    const expiry = hold.value.holdExpiresAt!;
    for (const at of [MONDAY_8AM, expiry - 1]) {
      clock.set(at);
      expect(slotIn(await listed(), NINE)).to.deep.include({ status: 'HELD', holdExpiresAt: expiry });
      expect(slotIn(await free(), NINE)).to.equal(undefined);
    }
    clock.set(expiry);
    expect(slotIn(await listed(), NINE)).to.deep.equal({
      slotId: NINE,
      start: MONDAY_9AM,
      end: MONDAY_9AM + 30 * 60_000,
      status: 'AVAILABLE',
    });
    expect(slotIn(await free(), NINE)).to.include({ status: 'AVAILABLE' });
  });

  it('stops listing a free slot at the very millisecond it starts, and goes on listing a booked one', async () => {
    expect((await useCases.holdSlot.execute(TEN, BOB)).ok).to.equal(true);
    expect((await useCases.confirmAppointment.execute(TEN, BOB, 'api')).ok).to.equal(true);
    clock.set(MONDAY_9AM - 1);
    expect((await listed()).map((slot) => slot.slotId).slice(0, 3)).to.deep.equal([NINE, HALF_NINE, TEN]);
    clock.set(MONDAY_9AM);
    expect((await listed()).map((slot) => slot.slotId).slice(0, 2)).to.deep.equal([HALF_NINE, TEN]);
    clock.set(MONDAY_10AM);
    expect(slotIn(await listed(), TEN)).to.include({ status: 'BOOKED' });
    expect((await listed()).map((slot) => slot.slotId)[0]).to.equal(TEN);
    expect((await free()).map((slot) => slot.slotId)).to.not.include(TEN);
  });

  it('lists a slot again when the clock is set back to before it started', async () => {
    clock.set(MONDAY_10AM);
    expect((await listed()).map((slot) => slot.slotId)).to.not.include(NINE);
    clock.set(MONDAY_8AM);
    expect((await listed()).map((slot) => slot.slotId)).to.include(NINE);
  });

  it('answers the same listing again while the store and the moment it holds for are the same', async () => {
    const first = await listed();
    clock.set(MONDAY_8AM + 60_000);
    expect(await listed()).to.equal(first);
    expect((await useCases.holdSlot.execute(NINE, ALICE)).ok).to.equal(true);
    expect(await listed()).to.not.equal(first);
  });
});
