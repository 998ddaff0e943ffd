import { expect } from 'chai';
import { InMemoryBookingStore } from '../../../src/adapters/memory/in-memory-booking-store.js';
import { InMemoryPatientProfiles } from '../../../src/adapters/memory/in-memory-patient-profiles.js';
import { InMemoryStaffCallbacks } from '../../../src/adapters/memory/in-memory-staff-callbacks.js';
import { BookingTools } from '../../../src/application/booking-tools.js';
import { PatientNames } from '../../../src/application/patient-names.js';
import { PublishSlots } from '../../../src/application/publish-slots.js';
import { bookingUseCases } from '../../support/booking-use-cases.js';
import { aClinic } from '../../support/clinic-builder.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { ALICE } from '../../support/patients.js';
import { NO_STAFF_ALERTS } from '../../support/staff-alerts.js';
import { MONDAY_8AM } from '../../support/times.js';

describe("the booking tools, given a model's arguments", () => {
  const clinic = aClinic();
  const clock = new FixedClock(MONDAY_8AM);
  const store = new InMemoryBookingStore();
  const names = new PatientNames(new InMemoryPatientProfiles());
  const tools = new BookingTools(
    bookingUseCases(store, clock, clinic),
    clinic,
    clock,
    new InMemoryStaffCallbacks(),
    NO_STAFF_ALERTS,
    names,
  );
  before(() => new PublishSlots(store, clock, clinic).execute());

  const run = (name: string, args: Record<string, unknown>) => tools.run(ALICE, { name, args });

  it('refuses an appointment id longer than any it gives out, naming the argument and the limit', async () => {
    const long = `apt_${'x'.repeat(2044)}`;
    for (const call of [
      run('cancel_appointment', { appointmentId: long }),
      run('reschedule_appointment', { appointmentId: long, newSlotId: '2026-03-03T1000' }),
    ]) {
      expect(await call).to.deep.equal({
        error: {
          code: 'INVALID_ARGUMENT',
          message: 'appointmentId: expected an id from list_my_appointments (at most 64 characters)',
        },
      });
    }
  });

  it('refuses a slot id past its limit, even one shaped like a slot id', async () => {
    const long = `2026-03-03T1000-${'a'.repeat(2000)}`;
    expect(await run('hold_slot', { slotId: long })).to.have.nested.property('error.code', 'INVALID_ARGUMENT');
    const moved = await run('reschedule_appointment', { appointmentId: 'apt_1', newSlotId: long });
    expect(moved)
      .to.have.nested.property('error.message')
      .that.match(/^newSlotId: .*at most 64 characters/);
  });

  it('still runs with ids of ordinary length', async () => {
    expect(await run('cancel_appointment', { appointmentId: 'apt_unknown' })).to.have.nested.property(
      'error.code',
      'APPOINTMENT_NOT_FOUND',
    );
    expect(await run('hold_slot', { slotId: '2026-03-03T1000' })).to.include({ held: true });
  });

  it("keeps a hand-off's reason to what staff can read: bounded, not refused", async () => {
    expect(await run('hand_off_to_staff', { reason: 'r'.repeat(5000) })).to.include({ handedOff: true });
  });

  it("remembers the patient's name, cleaned, for the patient on the channel alone", async () => {
    expect(await run('remember_patient_name', { name: '  Ana\u0000 Ruiz ' })).to.deep.equal({
      remembered: true,
      name: 'Ana Ruiz',
    });
    expect(await names.nameOf(ALICE)).to.equal('Ana Ruiz');
  });

  it('refuses a name that is empty or longer than a name may be, and keeps the one it had', async () => {
    for (const name of ['   ', 'x'.repeat(81), 42]) {
      expect(await run('remember_patient_name', { name })).to.deep.equal({
        error: { code: 'INVALID_ARGUMENT', message: 'name: expected a name of 1 to 80 characters, not only spaces' },
      });
    }
    expect(await names.nameOf(ALICE)).to.equal('Ana Ruiz');
  });
});
