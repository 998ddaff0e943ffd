import { expect } from 'chai';
import { StaffAlerts } from '../../../src/application/staff-alerts.js';
import type { ClinicId } from '../../../src/domain/clinic.js';
import type { PhoneNumber } from '../../../src/domain/phone-number.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { Messenger } from '../../../src/ports/messenger.js';
import { aClinic } from '../../support/clinic-builder.js';
import { ALICE } from '../../support/patients.js';
import { RecordingMessenger } from '../../support/recording-messenger.js';
import { silentLogger } from '../../support/test-server.js';

const STAFF_MOBILE = '+15550100999' as PhoneNumber;
const LAKESIDE = aClinic({ id: 'lakeside' as ClinicId, name: 'Lakeside Clinic' });

describe('alerting staff to a hand-off', () => {
  it('texts staff which clinic, the patient to call back, how they wrote and why, an emergency marked urgent', async () => {
    const messenger = new RecordingMessenger();
    await new StaffAlerts(messenger, silentLogger, LAKESIDE, STAFF_MOBILE).handedOff({
      patient: ALICE,
      reason: 'urgent medical concern',
      channel: 'whatsapp',
      urgent: true,
    });
    expect(messenger.sent).to.deep.equal([
      {
        to: STAFF_MOBILE,
        channel: 'sms',
        body: `Lakeside Clinic: URGENT: Please call back ${ALICE} (by WhatsApp): urgent medical concern`,
      },
    ]);
  });

  it('sends nothing when the clinic has given no number for alerts', async () => {
    const messenger = new RecordingMessenger();
    await new StaffAlerts(messenger, silentLogger, LAKESIDE).handedOff({
      patient: ALICE,
      reason: 'complaint',
      channel: 'sms',
      urgent: false,
    });
    expect(messenger.sent).to.deep.equal([]);
  });

  it('logs a text that could not be sent, without the numbers in full, and does not fail the hand-off', async () => {
    const lines: object[] = [];
    const logger: Logger = { ...silentLogger, error: (fields) => lines.push(fields) };
    const failing: Messenger = {
      send: () => Promise.reject(new Error('provider down')),
    };
    await new StaffAlerts(failing, logger, LAKESIDE, STAFF_MOBILE).handedOff({
      patient: ALICE,
      reason: 'complaint',
      channel: 'sms',
      urgent: false,
    });
    expect(lines).to.have.length(1);
    expect(JSON.stringify(lines[0])).not.to.include(STAFF_MOBILE).and.not.include(ALICE);
  });
});
