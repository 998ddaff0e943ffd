import type { Clinic, ClinicId, Provider, WeeklyHours } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';

const WEEKDAY_HOURS: WeeklyHours = {
  monday: [{ open: '09:00', close: '12:00' }],
  tuesday: [{ open: '09:00', close: '12:00' }],
  wednesday: [{ open: '09:00', close: '12:00' }],
  thursday: [{ open: '09:00', close: '12:00' }],
  friday: [{ open: '09:00', close: '12:00' }],
};

/** The test clinic's id: the clinic aClinic() builds, whose records the stores of most tests hold. */
export const CLINIC_ID = 'test-clinic' as ClinicId;

let clinicIds = 0;
/** A clinic no other call in this process named: it has no records yet, in storage shared with any other clinic. */
export const aNewClinicId = (): ClinicId => `clinic-${++clinicIds}` as ClinicId;

/** A small clinic in New York, mornings on weekdays, 30-minute slots, 10-minute holds, reached on no number yet. */
export function aClinic(overrides: Partial<Clinic> = {}): Clinic {
  return {
    id: CLINIC_ID,
    name: 'Test Clinic',
    timeZone: 'America/New_York',
    locale: 'en-US',
    weeklyHours: WEEKDAY_HOURS,
    slotMinutes: 30,
    horizonDays: 14,
    holdMinutes: 10,
    providers: [],
    numbers: [],
    ...overrides,
  };
}

/** The test clinic's number: patients text and call it (Twilio's and SNS's `To`), and it sends their SMS. */
export const CLINIC_NUMBER = '+15559990000' as PhoneNumber;
/** The test clinic's WhatsApp sender. */
export const CLINIC_WHATSAPP_NUMBER = '+15559990001' as PhoneNumber;
/** Where the test clinic puts live callers through to a person, while it is open. */
export const FRONT_DESK = '+15550100200' as PhoneNumber;

export const aProvider = (id: string, weeklyHours?: WeeklyHours): Provider => ({
  id,
  name: `Dr. ${id}`,
  ...(weeklyHours ? { weeklyHours } : {}),
});
