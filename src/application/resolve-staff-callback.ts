import type { PhoneNumber } from '../domain/phone-number.js';
import type { StaffCallbacks } from '../ports/staff-callbacks.js';

/** Staff have called the patient back: they leave the list. False when they were not on it. */
export class ResolveStaffCallback {
  constructor(private readonly callbacks: StaffCallbacks) {}

  execute(patient: PhoneNumber): Promise<boolean> {
    return this.callbacks.resolve(patient);
  }
}
