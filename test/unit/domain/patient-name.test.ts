import { expect } from 'chai';
import { firstNameOf, PATIENT_NAME_MAX_LENGTH, patientNameOf } from '../../../src/domain/patient-name.js';

describe("a patient's name", () => {
  it('is kept as given, with one space between words and none around', () => {
    expect(patientNameOf('  Ana   María Ruiz ')).to.equal('Ana María Ruiz');
  });

  it('loses control and invisible characters, which could break a log line, a text or a calendar', () => {
    expect(patientNameOf('Ana\nRuiz\u0000\u202e\u200b')).to.equal('Ana Ruiz');
  });

  it('is refused when empty, only spaces, not text, or longer than a name may be', () => {
    expect(patientNameOf('')).to.equal(undefined);
    expect(patientNameOf(' \t\n')).to.equal(undefined);
    expect(patientNameOf(42)).to.equal(undefined);
    expect(patientNameOf('a'.repeat(PATIENT_NAME_MAX_LENGTH))).to.have.length(PATIENT_NAME_MAX_LENGTH);
    expect(patientNameOf('a'.repeat(PATIENT_NAME_MAX_LENGTH + 1))).to.equal(undefined);
  });

  it('gives its first word as the first name', () => {
    expect(firstNameOf('Ana María Ruiz')).to.equal('Ana');
    expect(firstNameOf('Ana')).to.equal('Ana');
  });
});
