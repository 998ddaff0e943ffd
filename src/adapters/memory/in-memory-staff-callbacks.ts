import type { Channel } from '../../domain/channel.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { byWaitingLongest, type StaffCallback } from '../../domain/staff-callback.js';
import type { StaffCallbacks } from '../../ports/staff-callbacks.js';

export class InMemoryStaffCallbacks implements StaffCallbacks {
  private readonly requests = new Map<PhoneNumber, StaffCallback>();

  async request(patient: PhoneNumber, reason: string, channel: Channel, now: number): Promise<void> {
    const open = this.requests.get(patient);
    this.requests.set(patient, {
      patient,
      reason,
      channel,
      firstRequestedAt: open?.firstRequestedAt ?? now,
      lastRequestedAt: now,
      times: (open?.times ?? 0) + 1,
    });
  }

  async open(): Promise<StaffCallback[]> {
    return [...this.requests.values()].map((request) => ({ ...request })).sort(byWaitingLongest);
  }

  async resolve(patient: PhoneNumber): Promise<boolean> {
    return this.requests.delete(patient);
  }

  async close(): Promise<void> {}
}
