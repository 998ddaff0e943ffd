import { expect } from 'chai';
import { cancellableStore, ToolCallCancelledError } from '../../src/application/cancellable-store.js';
import { InMemoryBookingStore } from '../../src/adapters/memory/in-memory-booking-store.js';
import { ALICE, aSlot } from '../support/booking-builders.js';

describe('a tool call cancelled by the voice model', () => {
  it('reads as before but commits nothing once cancelled', async () => {
    const store = new InMemoryBookingStore();
    await store.addMissingSlots([aSlot({ version: 0 })]);
    const controller = new AbortController();
    const guarded = cancellableStore(store, controller.signal);
    const slot = (await guarded.slot(aSlot().slotId))!;
    controller.abort();
    const held = { kind: 'slot' as const, record: { ...slot, status: 'HELD' as const, patient: ALICE, holdExpiresAt: slot.start } };
    const error = await guarded.commit([held]).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ToolCallCancelledError);
    expect((await store.slot(aSlot().slotId))!.status).to.equal('AVAILABLE');
  });

  it('commits as usual while not cancelled', async () => {
    const store = new InMemoryBookingStore();
    await store.addMissingSlots([aSlot({ version: 0 })]);
    const guarded = cancellableStore(store, new AbortController().signal);
    const slot = (await guarded.slot(aSlot().slotId))!;
    expect(await guarded.commit([{ kind: 'slot', record: { ...slot, status: 'HELD', patient: ALICE, holdExpiresAt: slot.start } }])).to.deep.equal({ committed: true });
  });
});
