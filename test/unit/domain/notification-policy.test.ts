import { expect } from 'chai';
import type { ClinicId } from '../../../src/domain/clinic.js';
import { type NotificationPolicy, notificationOf, reminderFor } from '../../../src/domain/notification-policy.js';
import { anAppointment, aSlot } from '../../support/booking-builders.js';
import { aClinic } from '../../support/clinic-builder.js';
import { ENGLISH, PACKS, SPANISH } from '../../support/language-packs.js';
import { ALICE } from '../../support/patients.js';
import { MONDAY_8AM } from '../../support/times.js';

const LAKESIDE = aClinic({ id: 'lakeside' as ClinicId, name: 'Lakeside Clinic' });
const POLICY: NotificationPolicy = { channel: 'sms', reminderLeadMs: 30 * 60_000 };
const VISIT = anAppointment(aSlot(), ALICE, { appointmentId: 'apt_1' });

describe("a clinic's texts to its patients", () => {
  it('name the clinic first, as a patient of a group may see several practices', () => {
    const bodies = (['BOOKED', 'MOVED', 'CANCELLED'] as const).map(
      (kind) => notificationOf(kind, VISIT, LAKESIDE, POLICY, MONDAY_8AM, `ntf_${kind}`, { pack: ENGLISH }).body,
    );
    expect(bodies).to.deep.equal([
      'Lakeside Clinic: your appointment is booked for Monday 2 March at 9:00 AM. Ref apt_1. Reply to move or cancel it.',
      'Lakeside Clinic: your appointment has moved to Monday 2 March at 9:00 AM. Ref apt_1.',
      'Lakeside Clinic: your appointment on Monday 2 March at 9:00 AM is cancelled.',
    ]);
  });

  it("write the time as the clinic's locale does: 12-hour in en-US, 24-hour in en-GB", () => {
    const london = aClinic({ locale: 'en-GB', timeZone: 'America/New_York' });
    expect(notificationOf('BOOKED', VISIT, london, POLICY, MONDAY_8AM, 'ntf_1', { pack: ENGLISH }).body).to.match(
      /booked for Monday 2 March at 9:00\. Ref/,
    );
    expect(notificationOf('BOOKED', VISIT, LAKESIDE, POLICY, MONDAY_8AM, 'ntf_1', { pack: ENGLISH }).body).to.match(
      /booked for Monday 2 March at 9:00 AM\. Ref/,
    );
  });

  it('name the clinic in the reminder, as from it', () => {
    expect(reminderFor(VISIT, LAKESIDE, POLICY, MONDAY_8AM, { pack: ENGLISH })?.body).to.equal(
      'Reminder from Lakeside Clinic: your appointment is on Monday 2 March at 9:00 AM. Reply to move or cancel it.',
    );
  });

  it("are written in the patient's language, with its own names of days and months, and say which", () => {
    const booked = notificationOf('BOOKED', VISIT, LAKESIDE, POLICY, MONDAY_8AM, 'ntf_1', { pack: SPANISH });
    expect(booked.body).to.equal(
      'Lakeside Clinic: su cita está reservada para el lunes 2 de marzo a las 9:00 a.m. Ref. apt_1. Responda a este mensaje para cambiarla o anularla.',
    );
    expect(booked.language).to.equal('es');
    const reminder = reminderFor(VISIT, LAKESIDE, POLICY, MONDAY_8AM, { pack: SPANISH });
    expect(reminder?.body).to.equal(
      'Recordatorio de Lakeside Clinic: su cita es el lunes 2 de marzo a las 9:00 a.m. Responda a este mensaje para cambiarla o anularla.',
    );
    expect(reminder?.language).to.equal('es');
  });

  it('greet a patient whose name is known by their first name in the confirmation and the reminder', () => {
    const ana = { pack: ENGLISH, name: 'Ana Ruiz' };
    expect(notificationOf('BOOKED', VISIT, LAKESIDE, POLICY, MONDAY_8AM, 'ntf_1', ana).body).to.equal(
      'Lakeside Clinic: thanks, Ana, your appointment is booked for Monday 2 March at 9:00 AM. Ref apt_1. Reply to move or cancel it.',
    );
    expect(reminderFor(VISIT, LAKESIDE, POLICY, MONDAY_8AM, { pack: SPANISH, name: 'Ana Ruiz' })?.body).to.equal(
      'Recordatorio de Lakeside Clinic: Ana, su cita es el lunes 2 de marzo a las 9:00 a.m. Responda a este mensaje para cambiarla o anularla.',
    );
    expect(notificationOf('CANCELLED', VISIT, LAKESIDE, POLICY, MONDAY_8AM, 'ntf_2', ana).body).not.to.include('Ana');
  });

  it('name the provider in the language too', () => {
    const clinic = aClinic({ providers: [{ id: 'dr-lee', name: 'Dr. Lee' }] });
    const visit = anAppointment(aSlot(), ALICE, { appointmentId: 'apt_2', providerId: 'dr-lee' });
    expect(notificationOf('CANCELLED', visit, clinic, POLICY, MONDAY_8AM, 'ntf_2', { pack: SPANISH }).body).to.match(
      /su cita del lunes 2 de marzo a las 9:00 a.m. con Dr\. Lee está anulada\.$/,
    );
  });

  it('never ask the patient to text a carrier opt-out word, which would stop every text (CANCEL, CANCELAR)', () => {
    for (const pack of PACKS.values()) {
      const told = [...Object.values(pack.notifications), ...Object.values(pack.replies)];
      for (const text of told) expect(text, `${pack.code}: ${text}`).not.to.match(/\bCANCEL(AR)?\b/);
    }
  });
});
