import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryStaffCallbacks } from '../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { cancellable, ToolCallCancelledError } from '../../../src/application/cancellable-store.js';
import { aSlot } from '../../support/booking-builders.js';
import { ALICE, BOB } from '../../support/patients.js';

describe('a tool call cancelled by the voice model', () => {
  it('reads as before but commits nothing once cancelled', async () => {
    const store = new InMemoryBookingStore();
    await store.addMissingSlots([aSlot({ version: 0 })]);
    const controller = new AbortController();
    const guarded = cancellable(store, 'commit', controller.signal);
    const slot = (await guarded.slot(aSlot().slotId))!;
    controller.abort();
    const held = {
      kind: 'slot' as const,
      record: { ...slot, status: 'HELD' as const, patient: ALICE, holdExpiresAt: slot.start },
    };
    const error = await guarded.commit([held]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ToolCallCancelledError);
    expect((await store.slot(aSlot().slotId))!.status).to.equal('AVAILABLE');
  });

  it('commits as usual while not cancelled', async () => {
    const store = new InMemoryBookingStore();
    await store.addMissingSlots([aSlot({ version: 0 })]);
    const guarded = cancellable(store, 'commit', new AbortController().signal);
    const slot = (await guarded.slot(aSlot().slotId))!;
    expect(
      await guarded.commit([
        { kind: 'slot', record: { ...slot, status: 'HELD', patient: ALICE, holdExpiresAt: slot.start } },
      ]),
    ).to.deep.equal({ committed: true });
  });

  it('guards any store at its one writing method: a cancelled hand-off leaves no callback request', async () => {
    const callbacks = new InMemoryStaffCallbacks();
    const controller = new AbortController();
    const guarded = cancellable(callbacks, 'request', controller.signal);
    await guarded.request(ALICE, 'first', 'sms', 1);
    controller.abort();
    const error = await guarded.request(BOB, 'second', 'sms', 2).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ToolCallCancelledError);
    expect((await guarded.open()).map((callback) => callback.patient)).to.deep.equal([ALICE]);
  });
});
