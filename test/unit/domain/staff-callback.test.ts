import { expect } from 'chai';
import { callbackReason, MAX_REASON_LENGTH } from '../../../src/domain/staff-callback.js';

describe('the reason staff read on a callback request', () => {
  it('is the reason given, on one line, without surrounding space', () => {
    expect(callbackReason('  question about\n  a  referral ')).to.equal('question about a referral');
  });

  it('is bounded, marked where it was cut', () => {
    const reason = callbackReason('x'.repeat(1000));
    expect(reason).to.have.length(MAX_REASON_LENGTH);
    expect(reason.endsWith('…')).to.equal(true);
  });

  it('says plainly when the model gave none', () => {
    for (const given of [undefined, '', '   ', 42, { why: 'x' }])
      expect(callbackReason(given)).to.equal('no reason given');
  });
});
