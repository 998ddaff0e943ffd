import { expect } from 'chai';
import type { Clinic, ClinicId } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { Clinics } from '../../src/ports/clinics.js';
import { aClinic, aProvider } from '../support/clinic-builder.js';

const RIVERSIDE = 'riverside' as ClinicId;
const LAKESIDE = 'lakeside' as ClinicId;
const HILLTOP = 'hilltop' as ClinicId;

const number = (n: number) => `+1555777${String(n).padStart(4, '0')}` as PhoneNumber;
const [SMS, WHATSAPP, VOICE, SNS] = [number(1), number(2), number(3), number(4)];

const clinic = (id: ClinicId, numbers: PhoneNumber[], overrides: Partial<Clinic> = {}) =>
  aClinic({ id, name: `${id} clinic`, numbers, ...overrides });

/** Every field a clinic has, set, with words beyond ASCII. */
const FULL = clinic(RIVERSIDE, [SMS, WHATSAPP], {
  name: 'Clinique Riverside — Médecine familiale',
  timeZone: 'America/Toronto',
  locale: 'fr-CA',
  weeklyHours: { monday: [{ open: '08:00', close: '12:00' }], saturday: [{ open: '09:00', close: '11:30' }] },
  providers: [aProvider('dr-roy'), aProvider('dr-wu', { friday: [{ open: '13:00', close: '17:00' }] })],
  address: '12 rue du Lac, Montréal QC',
  description: 'Médecine familiale, « sans rendez-vous » le samedi 🩺',
  frontDeskNumber: number(99),
});

/**
 * What every store of clinics must do. `make` gives two handles on one new, empty store, as two
 * servers sharing it would hold (one object twice where the store lives in one process).
 */
export function clinicsContract(name: string, make: () => Promise<[Clinics, Clinics]>) {
  describe(`${name} clinics (contract)`, () => {
    let clinics: Clinics;
    let twin: Clinics;
    beforeEach(async () => {
      [clinics, twin] = await make();
    });
    afterEach(async () => {
      await clinics.close();
      if (twin !== clinics) await twin.close();
    });

    it('has no clinic at first, on any number', async () => {
      expect(await clinics.list()).to.deep.equal([]);
      expect(await clinics.get(RIVERSIDE)).to.equal(undefined);
      expect(await clinics.byNumber(SMS)).to.equal(undefined);
    });

    it('gives back a clinic as it was put, every field', async () => {
      expect(await clinics.put(FULL)).to.deep.equal({ ok: true, value: 'created' });
      expect(await clinics.get(RIVERSIDE)).to.deep.equal(FULL);
      expect(await clinics.list()).to.deep.equal([FULL]);
      expect(await twin.get(RIVERSIDE)).to.deep.equal(FULL);
    });

    it('lists clinics by id', async () => {
      for (const id of [RIVERSIDE, 'a-1' as ClinicId, HILLTOP, '9th' as ClinicId, LAKESIDE])
        await clinics.put(clinic(id, []));
      expect((await clinics.list()).map(({ id }) => id)).to.deep.equal(['9th', 'a-1', HILLTOP, LAKESIDE, RIVERSIDE]);
    });

    it('replaces a clinic whole, saying so', async () => {
      await clinics.put(FULL);
      const plainer = clinic(RIVERSIDE, [SMS], { name: 'Riverside', slotMinutes: 15 });
      expect(await clinics.put(plainer)).to.deep.equal({ ok: true, value: 'replaced' });
      expect(await clinics.get(RIVERSIDE)).to.deep.equal(plainer);
      expect(await clinics.list()).to.deep.equal([plainer]);
    });

    it('finds the clinic patients reach on each of its numbers, and none on another', async () => {
      await clinics.put(FULL);
      await clinics.put(clinic(LAKESIDE, [VOICE]));
      expect(await clinics.byNumber(SMS)).to.deep.equal(FULL);
      expect(await clinics.byNumber(WHATSAPP)).to.deep.equal(FULL);
      expect((await clinics.byNumber(VOICE))?.id).to.equal(LAKESIDE);
      expect(await clinics.byNumber(SNS)).to.equal(undefined);
      expect(await clinics.byNumber(FULL.frontDeskNumber!)).to.equal(undefined);
    });

    it('frees a number a replaced clinic no longer lists, and keeps the ones it does', async () => {
      await clinics.put(clinic(RIVERSIDE, [SMS, WHATSAPP]));
      await clinics.put(clinic(RIVERSIDE, [WHATSAPP, VOICE]));
      expect(await clinics.byNumber(SMS)).to.equal(undefined);
      expect((await clinics.byNumber(WHATSAPP))?.id).to.equal(RIVERSIDE);
      expect((await clinics.byNumber(VOICE))?.id).to.equal(RIVERSIDE);
    });

    it('refuses a number another clinic has, naming it and that clinic, and writes nothing', async () => {
      await clinics.put(clinic(RIVERSIDE, [SMS, WHATSAPP]));
      expect(await clinics.put(clinic(LAKESIDE, [VOICE, WHATSAPP, SMS]))).to.deep.equal({
        ok: false,
        error: {
          code: 'NUMBER_TAKEN',
          message: `numbers: ${WHATSAPP} already reaches clinic riverside; take it off that clinic first`,
          number: WHATSAPP,
          clinicId: RIVERSIDE,
        },
      });
      expect(await clinics.get(LAKESIDE)).to.equal(undefined);
      expect(await clinics.byNumber(VOICE)).to.equal(undefined);
      expect((await clinics.byNumber(WHATSAPP))?.id).to.equal(RIVERSIDE);
    });

    it('leaves a clinic as it was when its replacement is refused for a number', async () => {
      const lakeside = clinic(LAKESIDE, [VOICE]);
      await clinics.put(clinic(RIVERSIDE, [SMS]));
      await clinics.put(lakeside);
      const refused = await clinics.put(clinic(LAKESIDE, [SNS, SMS], { name: 'renamed' }));
      expect(refused.ok).to.equal(false);
      expect(await clinics.get(LAKESIDE)).to.deep.equal(lakeside);
      expect(await clinics.byNumber(VOICE)).to.deep.equal(lakeside);
      expect(await clinics.byNumber(SNS)).to.equal(undefined);
    });

    it('lets a number move to another clinic once the first has given it up', async () => {
      await clinics.put(clinic(RIVERSIDE, [SMS, WHATSAPP]));
      await clinics.put(clinic(RIVERSIDE, [WHATSAPP]));
      expect(await twin.put(clinic(LAKESIDE, [SMS]))).to.deep.equal({ ok: true, value: 'created' });
      expect((await clinics.byNumber(SMS))?.id).to.equal(LAKESIDE);
    });

    it('changes many numbers at once: every one dropped is freed, every one added is found', async () => {
      const before = Array.from({ length: 20 }, (_, i) => number(100 + i));
      const after = Array.from({ length: 20 }, (_, i) => number(200 + i));
      await clinics.put(clinic(RIVERSIDE, before));
      expect(await clinics.put(clinic(RIVERSIDE, after))).to.deep.equal({ ok: true, value: 'replaced' });
      for (const dropped of before) expect(await clinics.byNumber(dropped), dropped).to.equal(undefined);
      for (const added of after) expect((await clinics.byNumber(added))?.id, added).to.equal(RIVERSIDE);
    });

    it('lets one of several clinics racing for one number have it, through either handle, and refuses the others', async () => {
      const racers = [RIVERSIDE, LAKESIDE, HILLTOP, 'northside' as ClinicId];
      const outcomes = await Promise.all(
        racers.map((id, i) => (i % 2 === 0 ? clinics : twin).put(clinic(id, [number(i + 10), SMS]))),
      );
      const winners = racers.filter((_, i) => outcomes[i]!.ok);
      expect(winners).to.have.length(1);
      for (const outcome of outcomes.filter((outcome) => !outcome.ok))
        expect(outcome).to.nested.include({
          'error.code': 'NUMBER_TAKEN',
          'error.number': SMS,
          'error.clinicId': winners[0],
        });
      expect((await clinics.byNumber(SMS))?.id).to.equal(winners[0]);
      expect((await clinics.list()).map(({ id }) => id)).to.deep.equal(winners);
    });

    it('keeps a clinic and the numbers that reach it in step when it is replaced twice at once', async () => {
      await clinics.put(clinic(RIVERSIDE, [SMS]));
      await Promise.all([clinics.put(clinic(RIVERSIDE, [WHATSAPP])), twin.put(clinic(RIVERSIDE, [VOICE]))]);
      const [kept] = (await clinics.get(RIVERSIDE))!.numbers;
      expect([WHATSAPP, VOICE]).to.include(kept);
      expect((await clinics.byNumber(kept!))?.id).to.equal(RIVERSIDE);
      const others = [SMS, WHATSAPP, VOICE].filter((n) => n !== kept);
      for (const other of others) expect(await clinics.byNumber(other), other).to.equal(undefined);
      expect(await clinics.put(clinic(LAKESIDE, others))).to.deep.equal({ ok: true, value: 'created' });
    });

    it('keeps what was put, whatever the caller does with its copy afterwards', async () => {
      const mine = structuredClone(FULL);
      await clinics.put(mine);
      mine.numbers.push(SNS);
      mine.providers[0]!.name = 'changed';
      const read = (await clinics.get(RIVERSIDE))!;
      read.weeklyHours.monday!.push({ open: '13:00', close: '14:00' });
      expect(await clinics.get(RIVERSIDE)).to.deep.equal(FULL);
    });
  });
}
