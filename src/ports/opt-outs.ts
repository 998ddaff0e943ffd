import type { PhoneNumber } from '../domain/phone-number.js';

/** Patients who texted STOP: nothing but a START may be answered, and nothing is sent to them. */
export interface OptOuts {
  isOptedOut(patient: PhoneNumber): Promise<boolean>;
  optOut(patient: PhoneNumber, now: number): Promise<void>;
  optIn(patient: PhoneNumber): Promise<void>;
  close(): Promise<void>;
}
