import { expect } from 'chai';
import { STREAM_CREDENTIAL_LIFETIME_MS, StreamCredentials } from '../../../../src/adapters/twilio/stream-credential.js';
import { aClinic } from '../../../support/clinic-builder.js';
import { FixedClock } from '../../../support/fixed-clock.js';
import { ALICE, CALLER } from '../../../support/patients.js';
import { MONDAY_8AM } from '../../../support/times.js';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const CALL_SID = `CA${'b'.repeat(32)}`;
const GRANT = { callSid: CALL_SID, caller: CALLER, clinicId: aClinic().id };

/** Two servers of one deployment: the webhook answered by one, the stream opened on the other. */
function deployment() {
  const clock = new FixedClock(MONDAY_8AM);
  return { clock, webhook: new StreamCredentials(AUTH_TOKEN, clock), stream: new StreamCredentials(AUTH_TOKEN, clock) };
}

/** The credential with one character changed (the same character class, so it still decodes). */
function tampered(credential: string, at: number): string {
  const swapped = credential[at] === 'A' ? 'B' : 'A';
  return `${credential.slice(0, at)}${swapped}${credential.slice(at + 1)}`;
}

describe("a stream's credential: one call, one caller, once, within a minute of its webhook", () => {
  it('is opened by any server keyed with the same auth token, and carries the call and caller the webhook gave', () => {
    const { webhook, stream } = deployment();
    expect(stream.redeem(webhook.issue(GRANT))).to.deep.equal({ ok: true, value: GRANT });
  });

  it('fits a URL path, and shows neither the number nor the CallSid to whoever logs the URL', () => {
    const { webhook } = deployment();
    const credential = webhook.issue(GRANT);
    expect(credential).to.match(/^[A-Za-z0-9_-]+$/);
    expect(credential).to.not.include(CALLER.slice(1)).and.not.include(CALL_SID).and.not.include('bbbbbbbb');
    expect(webhook.issue(GRANT)).to.not.equal(credential);
  });

  it('opens a stream once: the same credential again is refused, however often', () => {
    const { webhook, stream } = deployment();
    const credential = webhook.issue(GRANT);
    expect(stream.redeem(credential).ok).to.equal(true);
    expect(stream.redeem(credential)).to.deep.equal({ ok: false, error: 'used' });
    expect(stream.redeem(credential)).to.deep.equal({ ok: false, error: 'used' });
  });

  it('is refused once its minute is over, and not before', () => {
    const { clock, webhook, stream } = deployment();
    const late = webhook.issue(GRANT);
    const inTime = webhook.issue({ callSid: `CA${'c'.repeat(32)}`, caller: ALICE, clinicId: aClinic().id });
    clock.advance(STREAM_CREDENTIAL_LIFETIME_MS - 1);
    expect(stream.redeem(inTime).ok).to.equal(true);
    clock.advance(1);
    expect(stream.redeem(late)).to.deep.equal({ ok: false, error: 'expired' });
  });

  it('stays refused after its expiry, when this server has forgotten it was used', () => {
    const { clock, webhook, stream } = deployment();
    const credential = webhook.issue(GRANT);
    stream.redeem(credential);
    clock.advance(61_000);
    expect(stream.redeem(credential)).to.deep.equal({ ok: false, error: 'expired' });
  });

  it('is refused when made with another auth token', () => {
    const clock = new FixedClock(MONDAY_8AM);
    const elsewhere = new StreamCredentials('another-accounts-auth-token', clock);
    expect(new StreamCredentials(AUTH_TOKEN, clock).redeem(elsewhere.issue(GRANT))).to.deep.equal({
      ok: false,
      error: 'forged',
    });
  });

  it('is refused when any character of it is changed', () => {
    const { webhook, stream } = deployment();
    const credential = webhook.issue(GRANT);
    for (let at = 0; at < credential.length - 1; at++)
      expect(stream.redeem(tampered(credential, at)), `changed at ${at}`).to.deep.equal({ ok: false, error: 'forged' });
    expect(stream.redeem(credential).ok).to.equal(true);
  });

  it('is refused when it is not one: empty, cut short, another spelling of the same bytes, or far too long', () => {
    const { webhook, stream } = deployment();
    const credential = webhook.issue(GRANT);
    const lastBitsFlipped = tampered(credential, credential.length - 1);
    for (const notOne of ['', 'abc', credential.slice(0, 30), `${credential}=`, `${credential}.`, 'A'.repeat(600)])
      expect(stream.redeem(notOne), notOne).to.deep.equal({ ok: false, error: 'malformed' });
    expect(stream.redeem(lastBitsFlipped).ok, 'the last character changed').to.equal(false);
    expect(stream.redeem(credential).ok).to.equal(true);
  });
});
