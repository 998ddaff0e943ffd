import { expect } from 'chai';
import { maskPhoneNumber, parsePhoneNumber } from '../../../src/domain/phone-number.js';

describe('a patient phone number', () => {
  const accepted: [string, string][] = [
    ['+15551234567', '+15551234567'],
    ['whatsapp:+15551234567', '+15551234567'],
    ['+1 (555) 123-4567', '+15551234567'],
    ['0044 20 7946 0958', '+442079460958'],
    ['  +33.6.12.34.56.78 ', '+33612345678'],
  ];
  for (const [raw, e164] of accepted) {
    it(`reads ${JSON.stringify(raw)} as ${e164}`, () => {
      expect(parsePhoneNumber(raw)).to.deep.equal({ ok: true, value: e164 });
    });
  }

  for (const raw of ['', '5551234567', '+0123456789', '+1555', '+1555123456789012', 'call me', '+1555abc4567']) {
    it(`refuses ${JSON.stringify(raw)}, naming the field and the expected form`, () => {
      const parsed = parsePhoneNumber(raw);
      expect(parsed.ok).to.equal(false);
      if (!parsed.ok) {
        expect(parsed.error.code).to.equal('INVALID_PHONE_NUMBER');
        expect(parsed.error.message).to.match(/^phoneNumber: expected an E\.164 phone number such as \+15551234567/);
      }
    });
  }

  it('is masked for logs, keeping the country code and the last four digits', () => {
    expect(maskPhoneNumber('+15551234567')).to.equal('+1******4567');
    expect(maskPhoneNumber('+442079460958')).to.equal('+4*******0958');
  });
});
