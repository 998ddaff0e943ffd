import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'chai';
import { SqliteBookingStore } from '../../src/adapters/sqlite/sqlite-booking-store.js';
import { SqliteConversationStore } from '../../src/adapters/sqlite/sqlite-conversation-store.js';
import type { ConversationTurn } from '../../src/domain/conversation.js';
import { aSlot } from '../support/booking-builders.js';
import { ALICE, BOB } from '../support/patients.js';
import { YEARS_AHEAD } from '../support/times.js';
import { conversationStoreContract } from './conversation-store.contract.js';

const directory = mkdtempSync(join(tmpdir(), 'clinic-sqlite-conversations-'));
after(() => rmSync(directory, { recursive: true, force: true }));

let files = 0;
const aFile = () => join(directory, `conversations-${files++}.sqlite`);

conversationStoreContract('SQLite', async (_clinicId, limits) => new SqliteConversationStore(aFile(), limits));

const MINUTE = 60_000;
const said = (text: string): ConversationTurn => ({ role: 'patient', text });

function rowsIn(path: string): { patient: string; seq: number }[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare('SELECT patient, seq FROM conversation_turns ORDER BY patient, seq').all() as unknown as {
      patient: string;
      seq: number;
    }[];
  } finally {
    db.close();
  }
}

describe('SQLite conversation store, on its file', () => {
  it('keeps at most maxTurns rows per patient, so a long conversation does not grow the table', async () => {
    const path = aFile();
    const store = new SqliteConversationStore(path, { maxTurns: 3, maxAgeMs: 60 * MINUTE });
    for (let i = 0; i < 10; i++) await store.append(ALICE, [said(`message ${i}`)], YEARS_AHEAD + i);
    await store.close();
    expect(rowsIn(path)).to.deep.equal([8, 9, 10].map((seq) => ({ patient: ALICE, seq })));
  });

  it("deletes every patient's stale rows on the next append by anyone, so silent patients do not linger", async () => {
    const path = aFile();
    const store = new SqliteConversationStore(path, { maxTurns: 40, maxAgeMs: 60 * MINUTE });
    await store.append(ALICE, [said('yesterday')], YEARS_AHEAD);
    await store.append(BOB, [said('today')], YEARS_AHEAD + 24 * 60 * MINUTE);
    await store.close();
    expect(rowsIn(path)).to.deep.equal([{ patient: BOB, seq: 1 }]);
  });

  it('shares one file with the booking store, and keeps both across reopening', async () => {
    const path = aFile();
    const [bookings, conversations] = [new SqliteBookingStore(path), new SqliteConversationStore(path)];
    await bookings.addMissingSlots([aSlot({ version: 0 })]);
    await conversations.append(ALICE, [said('Is 9:00 free?')], YEARS_AHEAD);
    await Promise.all([bookings.close(), conversations.close()]);

    const [bookingsAgain, conversationsAgain] = [new SqliteBookingStore(path), new SqliteConversationStore(path)];
    try {
      expect(await bookingsAgain.slot(aSlot().slotId)).to.deep.equal(aSlot({ version: 1 }));
      expect(await conversationsAgain.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([said('Is 9:00 free?')]);
    } finally {
      await Promise.all([bookingsAgain.close(), conversationsAgain.close()]);
    }
  });

  it('gives appends from two connections to one file each their own place in the conversation', async () => {
    const path = aFile();
    const [first, second] = [new SqliteConversationStore(path), new SqliteConversationStore(path)];
    try {
      for (let i = 0; i < 5; i++) {
        await first.append(ALICE, [said(`first ${i}`)], YEARS_AHEAD + i);
        await second.append(ALICE, [said(`second ${i}`)], YEARS_AHEAD + i);
      }
      expect(await first.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal(
        [0, 1, 2, 3, 4].flatMap((i) => [said(`first ${i}`), said(`second ${i}`)]),
      );
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
