import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import type { BookingUseCases } from '../../../src/application/booking-use-cases.js';
import { PublishSlots } from '../../../src/application/publish-slots.js';
import { type Repeat, SlotWatcher } from '../../../src/application/slot-watcher.js';
import type { SlotId } from '../../../src/domain/slot.js';
import { bookingUseCases } from '../../support/booking-use-cases.js';
import { aClinic } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { ALICE, BOB } from '../../support/patients.js';
import { silentLogger } from '../../support/test-server.js';
import { MONDAY_8AM, MONDAY_9AM } from '../../support/times.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NINE = '2026-03-02T0900' as SlotId;
const ELEVEN = '2026-03-02T1100' as SlotId;
const TUESDAY_NINE = '2026-03-03T0900' as SlotId;

/** A repeat the test runs by hand: each `tick()` runs every task repeating now, and lets its reads finish. */
class ManualRepeat {
  readonly tasks = new Set<{ everyMs: number; task: () => void }>();
  readonly repeat: Repeat = (everyMs, task) => {
    const entry = { everyMs, task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  };

  async tick(): Promise<void> {
    for (const { task } of this.tasks) task();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the slot watcher', () => {
  const clinic = aClinic();
  let clock: FixedClock;
  let store: InMemoryBookingStore;
  let reads: number;
  let useCases: BookingUseCases;
  let repeat: ManualRepeat;
  let watcher: SlotWatcher;

  beforeEach(async () => {
    clock = new FixedClock(MONDAY_8AM);
    store = new InMemoryBookingStore();
    await new PublishSlots(store, clock, clinic).execute();
    useCases = bookingUseCases(store, clock, clinic);
    reads = 0;
    const counted = {
      slotsBetween: (from: number, to: number) => {
        reads++;
        return store.slotsBetween(from, to);
      },
    };
    repeat = new ManualRepeat();
    watcher = new SlotWatcher(counted, clock, repeat.repeat, 1000, silentLogger);
  });

  /** What one watcher was told, each telling its list of slot ids. */
  const told = () => {
    const tellings: SlotId[][] = [];
    return { tellings, changed: (slotIds: SlotId[]) => tellings.push(slotIds) };
  };
  const monday = [MONDAY_9AM, MONDAY_9AM + 3 * HOUR] as const;
  const tuesday = [MONDAY_9AM + 24 * HOUR, MONDAY_9AM + 27 * HOUR] as const;

  it('tells the watchers whose span holds a slot that was held, and no other', async () => {
    const [mondays, tuesdays] = [told(), told()];
    await watcher.watch(...monday, mondays.changed);
    await watcher.watch(...tuesday, tuesdays.changed);
    expect((await useCases.holdSlot.execute(NINE, ALICE)).ok).to.equal(true);
    await repeat.tick();
    expect(mondays.tellings).to.deep.equal([[NINE]]);
    expect(tuesdays.tellings).to.deep.equal([]);
    await repeat.tick();
    expect(mondays.tellings, 'nothing more changed').to.have.length(1);
  });

  it('tells of a booking, a cancellation and a move, each once, with every slot it changed', async () => {
    const watching = told();
    await watcher.watch(monday[0], tuesday[1], watching.changed);
    await useCases.holdSlot.execute(NINE, ALICE);
    await useCases.confirmAppointment.execute(NINE, ALICE, 'api');
    await repeat.tick();
    expect(watching.tellings).to.deep.equal([[NINE]]);
    const [appointment] = await store.appointmentsOf(ALICE);
    await useCases.rescheduleAppointment.execute(appointment!.appointmentId, ALICE, TUESDAY_NINE);
    await repeat.tick();
    expect(watching.tellings.at(-1)).to.have.members([NINE, TUESDAY_NINE]);
    await useCases.cancelAppointment.execute(appointment!.appointmentId, ALICE);
    await repeat.tick();
    expect(watching.tellings.at(-1)).to.deep.equal([TUESDAY_NINE]);
    expect(watching.tellings).to.have.length(3);
  });

  it('does not tell of what changed before it watched', async () => {
    await useCases.holdSlot.execute(NINE, ALICE);
    const watching = told();
    await watcher.watch(...monday, watching.changed);
    await repeat.tick();
    expect(watching.tellings).to.deep.equal([]);
  });

  it('tells of a hold when it expires, though nothing is written then', async () => {
    await useCases.holdSlot.execute(ELEVEN, BOB);
    const watching = told();
    await watcher.watch(...monday, watching.changed);
    clock.advanceMinutes(clinic.holdMinutes - 1);
    await repeat.tick();
    expect(watching.tellings, 'still held').to.deep.equal([]);
    clock.advanceMinutes(1);
    await repeat.tick();
    expect(watching.tellings).to.deep.equal([[ELEVEN]]);
  });

  it('reads once a tick however many watch, and overlapping spans once', async () => {
    for (let i = 0; i < 10; i++) await watcher.watch(...monday, told().changed);
    await watcher.watch(monday[0] + HOUR, monday[1] + HOUR, told().changed);
    reads = 0;
    await repeat.tick();
    expect(reads).to.equal(1);
    expect(
      [...repeat.tasks].map(({ everyMs }) => everyMs),
      'one timer',
    ).to.deep.equal([1000]);
  });

  it('reads nothing and keeps no timer while nobody watches', async () => {
    await repeat.tick();
    expect(reads).to.equal(0);
    const stops = [await watcher.watch(...monday, told().changed), await watcher.watch(...tuesday, told().changed)];
    expect(repeat.tasks.size).to.equal(1);
    stops[0]!();
    expect(repeat.tasks.size, 'one still watches').to.equal(1);
    stops[1]!();
    expect(repeat.tasks.size).to.equal(0);
    reads = 0;
    await useCases.holdSlot.execute(NINE, ALICE);
    await repeat.tick();
    expect(reads).to.equal(0);
  });

  it('tells no watcher that has stopped', async () => {
    const [gone, staying] = [told(), told()];
    const stop = await watcher.watch(...monday, gone.changed);
    await watcher.watch(...monday, staying.changed);
    stop();
    await useCases.holdSlot.execute(NINE, ALICE);
    await repeat.tick();
    expect(gone.tellings).to.deep.equal([]);
    expect(staying.tellings).to.deep.equal([[NINE]]);
  });

  it('refuses a watch whose first read fails, and keeps nothing of it', async () => {
    const failing = new SlotWatcher(
      {
        slotsBetween: async () => {
          throw new Error('store down');
        },
      },
      clock,
      repeat.repeat,
      1000,
      silentLogger,
    );
    let refused: unknown;
    await failing.watch(...monday, told().changed).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(Error);
    expect(repeat.tasks.size).to.equal(0);
  });
});
