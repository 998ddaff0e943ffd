import { expect } from 'chai';
import { readInboundSms } from '../../../../src/adapters/sns/two-way-sms.js';
import { ALICE } from '../../../support/patients.js';

const sms = (fields: Record<string, unknown>) =>
  JSON.stringify({ originationNumber: ALICE, messageBody: 'hi', inboundMessageId: 'in-1', ...fields });

describe('a two-way SMS as SNS delivers it', () => {
  it('is read when its fields are as AWS sends them', () => {
    expect(readInboundSms(sms({ messageBody: 'b'.repeat(1600) })).ok).to.equal(true);
  });

  it('is refused when its text is longer than an SMS can be, or its id longer than AWS makes one, naming the limit', () => {
    expect(readInboundSms(sms({ messageBody: 'b'.repeat(1601) }))).to.deep.equal({
      ok: false,
      error: 'Message.messageBody: expected at most 1600 characters, as an SMS has',
    });
    expect(readInboundSms(sms({ inboundMessageId: 'i'.repeat(65) }))).to.deep.equal({
      ok: false,
      error: 'Message.inboundMessageId: expected the id AWS gave the SMS, at most 64 characters',
    });
  });
});
