import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { PublishSlots } from '../../../src/application/publish-slots.js';
import type { Slot } from '../../../src/domain/slot.js';
import { aClinic } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';

/** The sample clinic's week: weekday mornings, six slots a morning, 14 days ahead. */
const clinic = aClinic({ horizonDays: 14 });
const SUNDAY_8AM = '2026-03-01T08:00:00-05:00';

/** A store that remembers which slots each publication offered it, and can be made to fail. */
class WatchedStore extends InMemoryBookingStore {
  readonly offered: string[][] = [];
  failNext = false;

  override async addMissingSlots(slots: readonly Slot[]): Promise<number> {
    this.offered.push(slots.map((slot) => slot.slotId));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store unavailable');
    }
    return super.addMissingSlots(slots);
  }
}

describe('publishing the booking horizon', () => {
  let store: WatchedStore;
  let clock: FixedClock;
  let publish: PublishSlots;

  beforeEach(() => {
    store = new WatchedStore();
    clock = new FixedClock(Date.parse(SUNDAY_8AM));
    publish = new PublishSlots(store, clock, clinic);
  });

  it('opens the whole horizon on the first run: two weeks of weekday mornings', async () => {
    expect(await publish.execute()).to.equal(10 * 6);
  });

  it('offers the store nothing again within the same day', async () => {
    await publish.execute();
    clock.advanceMinutes(60);
    expect(await publish.execute()).to.equal(0);
    expect(store.offered).to.have.length(1);
  });

  it('adds only the day that has entered the horizon overnight, and offers no other', async () => {
    await publish.execute();
    clock.set('2026-03-02T00:30:00-05:00');
    // Sunday 1 March + 14 days ends on Saturday 14 March; from Monday it ends on Sunday 15: closed, nothing to add.
    expect(await publish.execute()).to.equal(0);
    clock.set('2026-03-03T00:30:00-05:00');
    expect(await publish.execute()).to.equal(6);
    expect(store.offered.at(-1)).to.deep.equal([
      '2026-03-16T0900',
      '2026-03-16T0930',
      '2026-03-16T1000',
      '2026-03-16T1030',
      '2026-03-16T1100',
      '2026-03-16T1130',
    ]);
  });

  it('catches up after a failed run: the days it missed are offered again by the next', async () => {
    await publish.execute();
    clock.set('2026-03-03T00:30:00-05:00');
    store.failNext = true;
    await publish.execute().catch(() => undefined);
    clock.set('2026-03-04T00:30:00-05:00');
    expect(await publish.execute()).to.equal(12);
    expect(store.offered.at(-1)!.map((id) => id.slice(0, 10))).to.deep.equal([
      ...Array(6).fill('2026-03-16'),
      ...Array(6).fill('2026-03-17'),
    ]);
  });
});
