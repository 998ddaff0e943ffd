import type { Clinic, Provider, WeeklyHours } from '../../src/domain/clinic.js';

const WEEKDAY_HOURS: WeeklyHours = {
  monday: [{ open: '09:00', close: '12:00' }],
  tuesday: [{ open: '09:00', close: '12:00' }],
  wednesday: [{ open: '09:00', close: '12:00' }],
  thursday: [{ open: '09:00', close: '12:00' }],
  friday: [{ open: '09:00', close: '12:00' }],
};

/** A small clinic in New York, mornings on weekdays, 30-minute slots, 10-minute holds. */
export function aClinic(overrides: Partial<Clinic> = {}): Clinic {
  return {
    name: 'Test Clinic',
    timeZone: 'America/New_York',
    weeklyHours: WEEKDAY_HOURS,
    slotMinutes: 30,
    horizonDays: 14,
    holdMinutes: 10,
    providers: [],
    ...overrides,
  };
}

export const aProvider = (id: string, weeklyHours?: WeeklyHours): Provider => ({
  id,
  name: `Dr. ${id}`,
  ...(weeklyHours ? { weeklyHours } : {}),
});
