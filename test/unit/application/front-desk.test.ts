import { expect } from 'chai';
import { InMemoryStaffCallbacks } from '../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { FrontDesk } from '../../../src/application/front-desk.js';
import { StaffAlerts } from '../../../src/application/staff-alerts.js';
import type { PhoneNumber } from '../../../src/domain/phone-number.js';
import { aClinic, FRONT_DESK } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { CALLER } from '../../support/patients.js';
import { RecordingMessenger } from '../../support/recording-messenger.js';
import { NO_STAFF_ALERTS } from '../../support/staff-alerts.js';
import { silentLogger } from '../../support/test-server.js';
import { MONDAY_10AM } from '../../support/times.js';

const STAFF_MOBILE = '+15550100999' as PhoneNumber;

describe('the front desk', () => {
  // The test clinic opens on weekday mornings, 09:00 to 12:00 in New York.
  const clinic = aClinic();
  const clock = new FixedClock(MONDAY_10AM);
  const aFrontDesk = (number?: PhoneNumber) =>
    new FrontDesk(clinic, clock, new InMemoryStaffCallbacks(), NO_STAFF_ALERTS, number);

  it('takes callers while the clinic is open', () => {
    clock.set(MONDAY_10AM);
    expect(aFrontDesk(FRONT_DESK).reachableNow()).to.equal(FRONT_DESK);
  });

  it('takes no callers in the afternoon, at night or at the weekend', () => {
    const desk = aFrontDesk(FRONT_DESK);
    for (const closed of ['2026-03-02T12:00:00-05:00', '2026-03-02T20:00:00-05:00', '2026-03-07T10:00:00-05:00']) {
      clock.set(closed);
      expect(desk.reachableNow(), closed).to.equal(undefined);
    }
  });

  it('takes no callers when the clinic has given no number to put them through to', () => {
    clock.set(MONDAY_10AM);
    expect(aFrontDesk().reachableNow()).to.equal(undefined);
  });

  it('has staff call back a caller it did not answer, on the number they called from, and texts staff so', async () => {
    clock.set(MONDAY_10AM);
    const callbacks = new InMemoryStaffCallbacks();
    const messenger = new RecordingMessenger();
    const alerts = new StaffAlerts(messenger, silentLogger, clinic, STAFF_MOBILE);
    await new FrontDesk(clinic, clock, callbacks, alerts, FRONT_DESK).unanswered(CALLER, 'sms');
    const [waiting, ...others] = await callbacks.open();
    expect(others).to.deep.equal([]);
    expect(waiting).to.deep.include({ patient: CALLER, channel: 'sms', times: 1, firstRequestedAt: clock.now() });
    expect(waiting!.reason).to.match(/front desk/);
    expect(messenger.sent).to.have.length(1);
    expect(messenger.sent[0]).to.include({ to: STAFF_MOBILE, channel: 'sms' });
    expect(messenger.sent[0]!.body)
      .to.include(CALLER)
      .and.not.match(/URGENT/);
  });
});
