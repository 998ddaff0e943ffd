import { expect } from 'chai';
import type { ClinicId } from '../../src/domain/clinic.js';
import type { ConversationLimits, ConversationTurn } from '../../src/domain/conversation.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { ConversationStore } from '../../src/ports/conversation-store.js';
import { aNewClinicId } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { YEARS_AHEAD } from '../support/times.js';

/** One clinic's store; two clinics' stores in one test are over the same storage. */
export type ConversationStoreFactory = (clinicId: ClinicId, limits: ConversationLimits) => Promise<ConversationStore>;

/** Alice's number with one more digit: a store matching patients by prefix would mix the two up. */
const ALICE_LONGER = `${ALICE}1` as PhoneNumber;

const MINUTE = 60_000;
const ROOMY: ConversationLimits = { maxTurns: 40, maxAgeMs: 60 * MINUTE };

const said = (text: string): ConversationTurn => ({ role: 'patient', text });
const replied = (text: string): ConversationTurn => ({ role: 'receptionist', text });
const calling = (name: string, args: Record<string, unknown>): ConversationTurn => ({
  role: 'receptionist',
  toolCalls: [{ id: `call-${name}`, name, args }],
});
const answered = (name: string, response: Record<string, unknown>): ConversationTurn => ({
  role: 'tool',
  results: [{ id: `call-${name}`, name, response }],
});

/** What a model's own content can hold: keys JavaScript treats specially, every kind of JSON value, text beyond the BMP. */
const ODD_RAW = {
  // An own "__proto__" key, as JSON.parse makes one: a store rebuilding objects by assignment loses it.
  ...JSON.parse('{"__proto__":{"polluted":true}}'),
  parts: [
    {
      thoughtSignature: Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)).toString('base64'),
      text: 'Let me look.',
    },
  ],
  '': 'an empty key',
  constructor: 'not a function',
  'a.b': { $set: 1, '#name': 2, ':value': 3 },
  '10': 'an integer-like key, which JavaScript lists first',
  '🔑': ['emoji key', null, true, false, 0, -1, 0.1, 1e-7, 1.7976931348623157e308, Number.MAX_SAFE_INTEGER],
  nested: { deeper: { deepest: [[[], {}], [[[{ '': '' }]]]] } },
  'lone surrogate': '\ud83d',
  'control characters': '\u0000\u0001\u001f\t\r\n\u2028\u2029',
};

const UNICODE_TEXT = 'Bonjour, ¿mañana a las 9? 明天上午九点 مرحبا שלום 👩🏽‍⚕️🦷 e\u0301 \u200b\ufeff';
const LONG_TEXT = Array.from({ length: 2000 }, (_, i) => `line ${i}: ${UNICODE_TEXT}`).join('\n');

/**
 * What every ConversationStore must do, whatever engine is behind it. `makeStore` returns a clinic's
 * store applying the limits it is given; each test works in clinics new to the storage.
 */
export function conversationStoreContract(name: string, makeStore: ConversationStoreFactory) {
  describe(`${name} conversation store (contract)`, () => {
    const opened: ConversationStore[] = [];
    let clinic: ClinicId;
    beforeEach(() => {
      clinic = aNewClinicId();
    });
    const aStore = async (limits: ConversationLimits = ROOMY, clinicId = clinic) => {
      const store = await makeStore(clinicId, limits);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describe('history', () => {
      it('has nothing for a patient it has never heard from', async () => {
        const store = await aStore();
        expect(await store.recent(ALICE, YEARS_AHEAD)).to.deep.equal([]);
      });

      it('gives the turns back in the order they were appended', async () => {
        const store = await aStore();
        await store.append(
          ALICE,
          [said('Any time tomorrow?'), calling('list_available_slots', { date: '2031-03-04' })],
          YEARS_AHEAD,
        );
        await store.append(
          ALICE,
          [answered('list_available_slots', { slots: ['09:00', '10:00'] }), replied('9:00 or 10:00?')],
          YEARS_AHEAD + MINUTE,
        );
        await store.append(
          ALICE,
          [said('9 please'), replied('Holding 9:00 for you. Shall I confirm?')],
          YEARS_AHEAD + 2 * MINUTE,
        );
        expect(await store.recent(ALICE, YEARS_AHEAD + 3 * MINUTE)).to.deep.equal([
          said('Any time tomorrow?'),
          calling('list_available_slots', { date: '2031-03-04' }),
          answered('list_available_slots', { slots: ['09:00', '10:00'] }),
          replied('9:00 or 10:00?'),
          said('9 please'),
          replied('Holding 9:00 for you. Shall I confirm?'),
        ]);
      });

      it("gives every turn back exactly as given, the model's raw content included, key for key and character for character", async () => {
        const store = await aStore();
        const turns: ConversationTurn[] = [
          said(UNICODE_TEXT),
          { role: 'patient', text: 'and a second one', messageId: `SM${'0'.repeat(31)}1` },
          {
            role: 'receptionist',
            toolCalls: [{ name: 'hold_slot', args: { slotId: '2031-03-04T0900', note: UNICODE_TEXT } }],
            raw: ODD_RAW,
          },
          {
            role: 'tool',
            results: [
              {
                name: 'hold_slot',
                response: {
                  slot: { slotId: '2031-03-04T0900', start: YEARS_AHEAD + 19 * 60 * MINUTE },
                  echoed: ODD_RAW,
                },
              },
            ],
          },
          { role: 'receptionist', text: LONG_TEXT, raw: ODD_RAW },
          { role: 'receptionist', raw: { thoughts: [] } },
        ];
        await store.append(ALICE, turns, YEARS_AHEAD);
        const recent = await store.recent(ALICE, YEARS_AHEAD + MINUTE);
        expect(recent).to.deep.equal(turns);
        expect(JSON.stringify(recent)).to.equal(JSON.stringify(turns));
      });

      it("never shows one patient another patient's messages", async () => {
        const store = await aStore();
        const patients = [ALICE, BOB, ALICE_LONGER];
        for (let i = 0; i < 3; i++) {
          for (const patient of patients)
            await store.append(
              patient,
              [said(`${patient} #${i}`), replied(`to ${patient} #${i}`)],
              YEARS_AHEAD + i * MINUTE,
            );
        }
        for (const patient of patients) {
          expect(await store.recent(patient, YEARS_AHEAD + 5 * MINUTE)).to.deep.equal(
            [0, 1, 2].flatMap((i) => [said(`${patient} #${i}`), replied(`to ${patient} #${i}`)]),
          );
        }
      });

      it("forgets one patient's history and nobody else's", async () => {
        const store = await aStore();
        await store.append(ALICE, [said('Alice here')], YEARS_AHEAD);
        await store.append(ALICE_LONGER, [said("Alice's neighbour here")], YEARS_AHEAD);
        await store.append(BOB, [said('Bob here')], YEARS_AHEAD);
        await store.forget(ALICE);
        expect(await store.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([]);
        expect(await store.recent(ALICE_LONGER, YEARS_AHEAD + MINUTE)).to.deep.equal([said("Alice's neighbour here")]);
        expect(await store.recent(BOB, YEARS_AHEAD + MINUTE)).to.deep.equal([said('Bob here')]);
      });

      it('starts a new history, without the forgotten turns, when a forgotten patient writes again', async () => {
        const store = await aStore();
        await store.append(ALICE, [said('Cancel everything'), replied('Done.')], YEARS_AHEAD);
        await store.forget(ALICE);
        await store.forget(BOB);
        await store.append(ALICE, [said('Hello again')], YEARS_AHEAD + MINUTE);
        expect(await store.recent(ALICE, YEARS_AHEAD + 2 * MINUTE)).to.deep.equal([said('Hello again')]);
      });

      it("never shows one clinic's conversation with a patient to another clinic the patient writes to", async () => {
        const limits = { ...ROOMY, maxTurns: 2 };
        const [ours, theirs] = [await aStore(limits), await aStore(limits, aNewClinicId())];
        await ours.append(ALICE, [said('to us'), replied('from us')], YEARS_AHEAD);
        expect(await theirs.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([]);
        await theirs.append(ALICE, [said('to them 1'), said('to them 2'), said('to them 3')], YEARS_AHEAD);
        expect(await ours.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([said('to us'), replied('from us')]);
        expect(await theirs.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([said('to them 2'), said('to them 3')]);
        await theirs.forget(ALICE);
        expect(await ours.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([said('to us'), replied('from us')]);
      });
    });

    describe('bounds', () => {
      it('keeps only the latest maxTurns turns', async () => {
        const store = await aStore({ ...ROOMY, maxTurns: 4 });
        for (let i = 1; i <= 3; i++)
          await store.append(ALICE, [said(`question ${i}`), replied(`answer ${i}`)], YEARS_AHEAD + i * MINUTE);
        expect(await store.recent(ALICE, YEARS_AHEAD + 4 * MINUTE)).to.deep.equal([
          said('question 2'),
          replied('answer 2'),
          said('question 3'),
          replied('answer 3'),
        ]);
      });

      it('keeps only the latest maxTurns turns of one append longer than that', async () => {
        const store = await aStore({ ...ROOMY, maxTurns: 4 });
        await store.append(
          ALICE,
          Array.from({ length: 10 }, (_, i) => said(`message ${i}`)),
          YEARS_AHEAD,
        );
        expect(await store.recent(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal(
          [6, 7, 8, 9].map((i) => said(`message ${i}`)),
        );
      });

      it('forgets turns older than maxAgeMs, measured from the time it is given rather than its clock', async () => {
        const store = await aStore({ ...ROOMY, maxAgeMs: 60 * MINUTE });
        await store.append(ALICE, [said('first'), replied('first reply')], YEARS_AHEAD);
        await store.append(ALICE, [said('second'), replied('second reply')], YEARS_AHEAD + 30 * MINUTE);
        expect(await store.recent(ALICE, YEARS_AHEAD + 59 * MINUTE)).to.deep.equal([
          said('first'),
          replied('first reply'),
          said('second'),
          replied('second reply'),
        ]);
        expect(await store.recent(ALICE, YEARS_AHEAD + 61 * MINUTE)).to.deep.equal([
          said('second'),
          replied('second reply'),
        ]);
        expect(await store.recent(ALICE, YEARS_AHEAD + 91 * MINUTE)).to.deep.equal([]);
      });

      it('does not bring stale turns back with a new one', async () => {
        const store = await aStore({ ...ROOMY, maxAgeMs: 60 * MINUTE });
        await store.append(ALICE, [said('last week'), replied("last week's reply")], YEARS_AHEAD);
        await store.append(ALICE, [said('today')], YEARS_AHEAD + 7 * 24 * 60 * MINUTE);
        expect(await store.recent(ALICE, YEARS_AHEAD + 7 * 24 * 60 * MINUTE + 1)).to.deep.equal([said('today')]);
      });

      it("starts the window at a patient's message, never at a reply or a tool result cut from its call", async () => {
        const store = await aStore({ ...ROOMY, maxTurns: 3 });
        await store.append(
          ALICE,
          [
            said('Cancel my 9:00'),
            calling('cancel_appointment', { appointmentId: 'apt_1' }),
            answered('cancel_appointment', { cancelled: true }),
            replied('Cancelled.'),
          ],
          YEARS_AHEAD,
        );
        expect(
          await store.recent(ALICE, YEARS_AHEAD + MINUTE),
          'the last three turns hold no patient message',
        ).to.deep.equal([]);
        await store.append(ALICE, [said('Thanks'), replied('You are welcome.')], YEARS_AHEAD + MINUTE);
        expect(await store.recent(ALICE, YEARS_AHEAD + 2 * MINUTE)).to.deep.equal([
          said('Thanks'),
          replied('You are welcome.'),
        ]);
      });

      it("starts the window at a patient's message when the age limit falls inside an exchange", async () => {
        const store = await aStore({ ...ROOMY, maxAgeMs: 60 * MINUTE });
        await store.append(
          ALICE,
          [said('Book me Friday'), calling('list_available_slots', { date: 'Friday' })],
          YEARS_AHEAD,
        );
        await store.append(
          ALICE,
          [answered('list_available_slots', { slots: [] }), replied('Friday is full.')],
          YEARS_AHEAD + 10 * MINUTE,
        );
        expect(await store.recent(ALICE, YEARS_AHEAD + 65 * MINUTE)).to.deep.equal([]);
      });
    });

    describe('with the times of the turns', () => {
      it('gives the same window as recent, each turn with the time of its append', async () => {
        const store = await aStore({ ...ROOMY, maxAgeMs: 60 * MINUTE });
        await store.append(ALICE, [said('stale'), replied('stale reply')], YEARS_AHEAD);
        await store.append(ALICE, [said('Any time Friday?'), replied('9:00 or 10:00?')], YEARS_AHEAD + 30 * MINUTE);
        await store.append(ALICE, [said('9 please')], YEARS_AHEAD + 40 * MINUTE);
        await store.append(BOB, [said("Bob's message")], YEARS_AHEAD + 40 * MINUTE);
        const now = YEARS_AHEAD + 61 * MINUTE;
        const stamped = await store.recentStamped(ALICE, now);
        expect(stamped).to.deep.equal([
          { turn: said('Any time Friday?'), at: YEARS_AHEAD + 30 * MINUTE },
          { turn: replied('9:00 or 10:00?'), at: YEARS_AHEAD + 30 * MINUTE },
          { turn: said('9 please'), at: YEARS_AHEAD + 40 * MINUTE },
        ]);
        expect(stamped.map(({ turn }) => turn)).to.deep.equal(await store.recent(ALICE, now));
      });

      it('has nothing for a patient it has never heard from', async () => {
        const store = await aStore();
        await store.append(BOB, [said("Bob's message")], YEARS_AHEAD);
        expect(await store.recentStamped(ALICE, YEARS_AHEAD + MINUTE)).to.deep.equal([]);
      });
    });

    describe('appends racing for one patient', () => {
      it("loses no turn and keeps each append's turns together when 20 appends race", async () => {
        const store = await aStore({ ...ROOMY, maxTurns: 40 });
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.append(ALICE, [said(`message ${i}`), replied(`reply ${i}`)], YEARS_AHEAD),
          ),
        );
        const recent = await store.recent(ALICE, YEARS_AHEAD + MINUTE);
        expect(recent).to.have.length(40);
        const pairs = Array.from({ length: 20 }, (_, i) => recent.slice(2 * i, 2 * i + 2));
        const numbers = pairs.map(([message]) => Number((message as { text: string }).text.replace('message ', '')));
        expect(pairs).to.deep.equal(numbers.map((n) => [said(`message ${n}`), replied(`reply ${n}`)]));
        expect([...numbers].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
      });

      it('stays within maxTurns when more appends race than it keeps', async () => {
        const store = await aStore({ ...ROOMY, maxTurns: 10 });
        const sent = Array.from({ length: 20 }, (_, i) => said(`message ${i}`));
        await Promise.all(sent.map((turn) => store.append(ALICE, [turn], YEARS_AHEAD)));
        const recent = await store.recent(ALICE, YEARS_AHEAD + MINUTE);
        expect(recent).to.have.length(10);
        expect(new Set(recent.map((turn) => JSON.stringify(turn))).size, 'distinct turns').to.equal(10);
        expect(sent).to.deep.include.members(recent);
      });

      it('keeps racing patients apart', async () => {
        const store = await aStore();
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => [
            store.append(ALICE, [said(`Alice ${i}`)], YEARS_AHEAD),
            store.append(BOB, [said(`Bob ${i}`)], YEARS_AHEAD),
          ]).flat(),
        );
        const [alice, bob] = [
          await store.recent(ALICE, YEARS_AHEAD + MINUTE),
          await store.recent(BOB, YEARS_AHEAD + MINUTE),
        ];
        expect(alice.map((turn) => (turn as { text: string }).text).sort()).to.deep.equal(
          Array.from({ length: 10 }, (_, i) => `Alice ${i}`).sort(),
        );
        expect(bob.map((turn) => (turn as { text: string }).text).sort()).to.deep.equal(
          Array.from({ length: 10 }, (_, i) => `Bob ${i}`).sort(),
        );
      });
    });
  });
}
