import { expect } from 'chai';
import type { ClinicId } from '../../../src/domain/clinic.js';
import { type NotificationPolicy, notificationOf, reminderFor } from '../../../src/domain/notification-policy.js';
import { anAppointment, aSlot } from '../../support/booking-builders.js';
import { aClinic } from '../../support/clinic-builder.js';
import { ALICE } from '../../support/patients.js';
import { MONDAY_8AM } from '../../support/times.js';

const LAKESIDE = aClinic({ id: 'lakeside' as ClinicId, name: 'Lakeside Clinic' });
const POLICY: NotificationPolicy = { channel: 'sms', reminderLeadMs: 30 * 60_000 };
const VISIT = anAppointment(aSlot(), ALICE, { appointmentId: 'apt_1' });

describe("a clinic's texts to its patients", () => {
  it('name the clinic first, as a patient of a group may see several practices', () => {
    const bodies = (['BOOKED', 'MOVED', 'CANCELLED'] as const).map(
      (kind) => notificationOf(kind, VISIT, LAKESIDE, POLICY, MONDAY_8AM, `ntf_${kind}`).body,
    );
    expect(bodies).to.deep.equal([
      'Lakeside Clinic: your appointment is booked for Monday 2 March at 09:00. Ref apt_1. Reply to move or cancel it.',
      'Lakeside Clinic: your appointment has moved to Monday 2 March at 09:00. Ref apt_1.',
      'Lakeside Clinic: your appointment on Monday 2 March at 09:00 is cancelled.',
    ]);
  });

  it('name the clinic in the reminder, as from it', () => {
    expect(reminderFor(VISIT, LAKESIDE, POLICY, MONDAY_8AM)?.body).to.equal(
      'Reminder from Lakeside Clinic: your appointment is on Monday 2 March at 09:00. Reply to move or cancel it.',
    );
  });
});
