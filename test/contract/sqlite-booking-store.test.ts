import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { aSlot } from '../support/booking-builders.js';
import { bookingStoreContract } from './booking-store.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-sqlite-'));
after(() => rmSync(directory, { recursive: true, force: true }));

let files = 0;
bookingStoreContract('SQLite', async () => new SqliteBookingStore(join(directory, `store-${files++}.sqlite`)));

describe('SQLite booking store, on one file shared by two connections', () => {
  it('lets only one of two connections commit over the same version', async () => {
    const path = join(directory, 'shared.sqlite');
    const [first, second] = [new SqliteBookingStore(path), new SqliteBookingStore(path)];
    try {
      await first.addMissingSlots([aSlot({ version: 0 })]);
      const read = (await second.slot(aSlot().slotId))!;
      const hold = (patient: string) => ({ kind: 'slot' as const, record: { ...read, status: 'HELD' as const, patient: patient as PhoneNumber, holdExpiresAt: read.start } });
      expect(await first.commit([hold('+15550000001')])).to.deep.equal({ committed: true });
      expect(await second.commit([hold('+15550000002')])).to.deep.equal({ committed: false, reason: 'VERSION_CONFLICT' });
      expect((await second.slot(read.slotId))!.patient).to.equal('+15550000001');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps what was committed after the file is closed and opened again', async () => {
    const path = join(directory, 'reopened.sqlite');
    const before = new SqliteBookingStore(path);
    await before.addMissingSlots([aSlot({ version: 0 })]);
    await before.close();
    const after = new SqliteBookingStore(path);
    expect(await after.slot(aSlot().slotId)).to.deep.equal(aSlot({ version: 1 }));
    await after.close();
  });
});
