import type { Appointment } from '../../src/domain/appointment.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { Slot, SlotId } from '../../src/domain/slot.js';
import { MONDAY_9AM } from './times.js';

/** A free 30-minute slot at 09:00 New York time on Monday 2 March 2026, stored once. */
export function aSlot(overrides: Partial<Slot> = {}): Slot {
  const start = MONDAY_9AM;
  return {
    slotId: '2026-03-02T0900' as SlotId,
    start,
    end: start + 30 * 60_000,
    status: 'AVAILABLE',
    version: 1,
    ...overrides,
  };
}

export function aBookedSlot(patient: PhoneNumber, appointmentId: string, overrides: Partial<Slot> = {}): Slot {
  return aSlot({ status: 'BOOKED', patient, appointmentId, ...overrides });
}

export function anAppointment(slot: Slot, patient: PhoneNumber, overrides: Partial<Appointment> = {}): Appointment {
  return {
    appointmentId: slot.appointmentId ?? 'apt_1',
    slotId: slot.slotId,
    patient,
    start: slot.start,
    end: slot.end,
    status: 'BOOKED',
    createdAt: slot.start - 86_400_000,
    updatedAt: slot.start - 86_400_000,
    version: 1,
    ...overrides,
  };
}
