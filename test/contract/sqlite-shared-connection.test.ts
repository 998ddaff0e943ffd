import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { connect } from '../../src/adapters/sqlite/shared-connection.js';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { SqliteConversationStore } from '../../src/adapters/sqlite/sqlite-conversation-store.js';
import { SqliteOptOuts } from '../../src/adapters/sqlite/sqlite-opt-outs.js';
import { SqliteStaffCallbacks } from '../../src/adapters/sqlite/sqlite-staff-callbacks.js';
import { aNewClinicId, CLINIC_ID } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';

const directory = realpathSync(mkdtempSync(join(tmpdir(), 'clinic-sqlite-connection-')));
after(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const aFile = () => join(directory, `shared-${files++}.sqlite`);

/** How many times this process has the file open: each SQLite connection holds it once. */
const handlesOn = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // the descriptor readdir itself used, closed since
    }
  }).length;

describe('SQLite stores of one file, in one process', () => {
  it('share one connection, whatever their clinics and ports, closed with the last store', async () => {
    const path = aFile();
    const callbacks = new SqliteStaffCallbacks(path, CLINIC_ID);
    const others = [CLINIC_ID, aNewClinicId()].flatMap((clinicId) => [
      new SqliteBookingStore(path, clinicId),
      new SqliteConversationStore(path, clinicId),
      new SqliteOptOuts(path, clinicId),
    ]);
    expect(handlesOn(path)).to.equal(1);
    for (const store of others) await store.close();
    await callbacks.request(ALICE, 'still served', 'sms', 1);
    expect(await callbacks.open()).to.have.length(1);
    await callbacks.close();
    expect(handlesOn(path)).to.equal(0);
  });

  it('lets a store close twice without closing the connection under the others', async () => {
    const path = aFile();
    const [closing, staying] = [new SqliteOptOuts(path, CLINIC_ID), new SqliteOptOuts(path, CLINIC_ID)];
    await closing.close();
    await closing.close();
    await staying.optOut(ALICE, 1);
    expect(await staying.isOptedOut(ALICE)).to.equal(true);
    await staying.close();
    expect(handlesOn(path)).to.equal(0);
  });

  it("bounds the file's page cache at 16 MiB, the one cache its stores share", async () => {
    const path = aFile();
    const stores = [new SqliteBookingStore(path, CLINIC_ID), new SqliteConversationStore(path, aNewClinicId())];
    const connection = connect(path);
    // Negative: a size in KiB rather than in pages.
    expect(connection.db.prepare('PRAGMA cache_size').get()).to.deep.equal({ cache_size: -16_384 });
    connection.release();
    for (const store of stores) await store.close();
    expect(handlesOn(path)).to.equal(0);
  });
});
