import type { StaffCallback } from '../domain/staff-callback.js';
import type { StaffCallbacks } from '../ports/staff-callbacks.js';

/** Who is waiting for staff to call them back, the longest waiting first. */
export class ListStaffCallbacks {
  constructor(private readonly callbacks: StaffCallbacks) {}

  execute(): Promise<StaffCallback[]> {
    return this.callbacks.open();
  }
}
