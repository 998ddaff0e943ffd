import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ClinicDocument, toDocument } from '../../../config/clinic-document.js';
import { describeErrors } from '../../../config/describe-errors.js';
import type { Clinic } from '../../../src/domain/clinic.js';
import { languagesOf } from '../../../src/domain/clinic.js';

/** Every key a clinic's document may have. */
const FULL = {
  id: 'lakeside-2',
  name: 'Lakeside Clinic — Médecine familiale',
  timeZone: 'America/Toronto',
  locale: 'fr-CA',
  weeklyHours: {
    monday: [
      { open: '08:00', close: '12:00' },
      { open: '13:00', close: '17:00' },
    ],
    saturday: [{ open: '09:00', close: '12:00' }],
  },
  slotMinutes: 20,
  horizonDays: 30,
  holdMinutes: 5,
  providers: [
    { id: 'dr-roy', name: 'Dr. Roy' },
    { id: 'dr-wu', name: 'Dr. Wu', weeklyHours: { monday: [{ open: '08:00', close: '12:00' }] } },
  ],
  address: '12 Lake Street, Toronto ON M5V 2T6',
  description: 'Family medicine for all ages; walk-ins on Saturday mornings.',
  frontDeskNumber: '+14165550100',
  numbers: ['+14165550111', '+14165550122'],
  languages: ['fr', 'en'],
  whatsappTemplates: {
    booked: { fr: 'HX0123456789abcdef0123456789abcdef' },
    reminder: { en: 'HXfedcba9876543210fedcba9876543210' },
  },
};

/** Only the keys a document must have. */
const MINIMAL = {
  id: 'mini',
  name: 'Mini Clinic',
  timeZone: 'America/New_York',
  locale: 'en-US',
  weeklyHours: {},
  slotMinutes: 30,
  horizonDays: 14,
  holdMinutes: 10,
  numbers: [],
};

function decoded(document: unknown): Clinic {
  const result = ClinicDocument.decode(document);
  if (isLeft(result)) throw new Error(describeErrors(result.left, 'clinic').join('\n'));
  return result.right;
}

function problemsOf(document: unknown): string[] {
  const result = ClinicDocument.decode(document);
  return isLeft(result) ? describeErrors(result.left, 'clinic') : [];
}

describe("a clinic's document", () => {
  it('reads back as it was put, every key set', () => {
    expect(toDocument(decoded(FULL))).to.deep.equal(FULL);
    expect(JSON.stringify(ClinicDocument.encode(decoded(FULL)))).to.equal(JSON.stringify(FULL));
  });

  it('reads back as it was put, only the keys it must have', () => {
    expect(toDocument(decoded(MINIMAL))).to.deep.equal(MINIMAL);
  });

  it('gives the domain a clinic with its list of providers, empty when there are none', () => {
    expect(decoded(MINIMAL).providers).to.deep.equal([]);
    expect(toDocument(decoded({ ...MINIMAL, providers: [] }))).to.deep.equal(MINIMAL);
  });

  it('must say its id, locale and numbers: only a CLINIC_CONFIG file goes without', () => {
    const { id: _, locale: __, numbers: ___, ...older } = MINIMAL;
    expect(problemsOf(older)).to.deep.equal([
      'clinic.id: expected a clinic id of 2 to 40 lower-case letters, digits and dashes, not starting with a dash',
      'clinic.locale: expected a BCP 47 language tag dates can be written in, such as en-US or fr-CA',
      'clinic.numbers: expected a list of at most 20 different E.164 numbers',
    ]);
  });

  it('refuses a key it does not know, naming the keys it does', () => {
    expect(problemsOf({ ...MINIMAL, adress: '12 Lake Street' })).to.deep.equal([
      'clinic.adress: expected no such field: one of id, name, timeZone, locale, weeklyHours, slotMinutes, horizonDays, holdMinutes, numbers, providers, address, description, frontDeskNumber, languages, whatsappTemplates',
    ]);
  });

  it('takes an id of 2 to 40 lower-case letters, digits and dashes, not starting with a dash', () => {
    for (const id of ['ab', '4th-street', 'a'.repeat(40)]) expect(problemsOf({ ...MINIMAL, id }), id).to.deep.equal([]);
    for (const id of ['a', '-ab', 'Lakeside', 'lake side', 'lake_side', 'a'.repeat(41), 7]) {
      expect(problemsOf({ ...MINIMAL, id }), String(id)).to.deep.equal([
        'clinic.id: expected a clinic id of 2 to 40 lower-case letters, digits and dashes, not starting with a dash',
      ]);
    }
  });

  it('takes a locale spelt as BCP 47 spells it, that dates can be written in', () => {
    for (const locale of ['en-US', 'fr-CA', 'es', 'zh-Hant-TW'])
      expect(problemsOf({ ...MINIMAL, locale }), locale).to.deep.equal([]);
    for (const locale of ['en-us', 'en_US', 'EN', 'xx-YY', '', 'English']) {
      expect(problemsOf({ ...MINIMAL, locale }), locale).to.deep.equal([
        'clinic.locale: expected a BCP 47 language tag dates can be written in, such as en-US or fr-CA',
      ]);
    }
  });

  it("offers languages as different primary codes, the default first, and reads back as put; none offers the locale's", () => {
    const offering = { ...MINIMAL, languages: ['es', 'en'] };
    expect(toDocument(decoded(offering))).to.deep.equal(offering);
    expect(languagesOf(decoded(offering))).to.deep.equal(['es', 'en']);
    expect(languagesOf(decoded({ ...MINIMAL, locale: 'fr-CA' }))).to.deep.equal(['fr']);
    const expected =
      'clinic.languages: expected a list of 1 to 10 different language codes such as ["en", "es"], the default first';
    for (const languages of [[], ['en', 'en']]) expect(problemsOf({ ...MINIMAL, languages })).to.deep.equal([expected]);
    expect(problemsOf({ ...MINIMAL, languages: ['en', 'es-MX'] })).to.deep.equal([
      'clinic.languages[1]: expected a BCP 47 primary language code such as en or es',
    ]);
  });

  it('names WhatsApp templates as Twilio Content SIDs by kind of text and language code', () => {
    const sid = 'HX0123456789abcdef0123456789abcdef';
    const naming = { ...MINIMAL, whatsappTemplates: { cancelled: { es: sid }, moved: { en: sid, es: sid } } };
    expect(toDocument(decoded(naming))).to.deep.equal(naming);
    const expected =
      'clinic.whatsappTemplates.booked: expected Twilio Content template SIDs (HX and 32 hex digits) by language code, such as { "en": "HX…" }';
    for (const booked of [{ es: 'HX123' }, { 'es-MX': sid }, { es: sid.toUpperCase() }])
      expect(problemsOf({ ...MINIMAL, whatsappTemplates: { booked } }), JSON.stringify(booked)).to.deep.equal([
        expected,
      ]);
    expect(problemsOf({ ...MINIMAL, whatsappTemplates: { confirmed: { en: sid } } })).to.deep.equal([
      'clinic.whatsappTemplates.confirmed: expected no such field: one of booked, moved, cancelled, reminder',
    ]);
  });

  it('takes its numbers in E.164 to the letter, each once, at most 20', () => {
    const many = Array.from({ length: 21 }, (_, i) => `+1416555${String(i).padStart(4, '0')}`);
    expect(problemsOf({ ...MINIMAL, numbers: many.slice(0, 20) })).to.deep.equal([]);
    expect(problemsOf({ ...MINIMAL, numbers: many })).to.deep.equal([
      'clinic.numbers: expected a list of at most 20 different E.164 numbers',
    ]);
    expect(problemsOf({ ...MINIMAL, numbers: ['+14165550111', '+14165550111'] })).to.deep.equal([
      'clinic.numbers: expected a list of at most 20 different E.164 numbers',
    ]);
    expect(problemsOf({ ...MINIMAL, numbers: ['+1 416 555 0111'] })).to.deep.equal([
      'clinic.numbers[0]: expected an E.164 phone number such as +15551234567',
    ]);
  });

  it('refuses a front desk that is one of its own numbers: a caller put through would reach the receptionist again', () => {
    expect(problemsOf({ ...FULL, frontDeskNumber: FULL.numbers[1] })).to.deep.equal([
      "clinic.frontDeskNumber: expected a number other than the clinic's own numbers: a caller put through would reach the receptionist again",
    ]);
    expect(ClinicDocument.is({ ...decoded(FULL), frontDeskNumber: FULL.numbers[1] })).to.equal(false);
    expect(ClinicDocument.is(decoded(FULL))).to.equal(true);
  });

  it('keeps its address and description short enough to say, and not blank', () => {
    expect(problemsOf({ ...MINIMAL, address: 'a'.repeat(200), description: 'd'.repeat(500) })).to.deep.equal([]);
    expect(problemsOf({ ...MINIMAL, address: 'a'.repeat(201), description: ' ' })).to.deep.equal([
      'clinic.address: expected an address of at most 200 characters',
      'clinic.description: expected a description of at most 500 characters',
    ]);
  });
});
