import type { Channel } from '../../domain/channel.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import { byWaitingLongest, type Handoff, type StaffCallback } from '../../domain/staff-callback.js';
import { HANDOFFS_KEPT_DAYS, type StaffCallbacks } from '../../ports/staff-callbacks.js';

const KEPT_MS = HANDOFFS_KEPT_DAYS * 86_400_000;

export class InMemoryStaffCallbacks implements StaffCallbacks {
  private readonly requests = new Map<PhoneNumber, StaffCallback>();
  private handoffs: Handoff[] = [];

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
    // Dropping the expired on each write keeps a long-running process's list bounded, as the other stores are.
    this.handoffs = this.handoffs.filter((handoff) => handoff.at >= now - KEPT_MS);
    this.handoffs.push({ at: now, channel });
  }

  async open(): Promise<StaffCallback[]> {
    return [...this.requests.values()].map((request) => ({ ...request })).sort(byWaitingLongest);
  }

  async resolve(patient: PhoneNumber): Promise<boolean> {
    return this.requests.delete(patient);
  }

  async handoffsBetween(from: number, to: number): Promise<Handoff[]> {
    return this.handoffs
      .filter((handoff) => handoff.at >= from && handoff.at < to)
      .map((handoff) => ({ ...handoff }))
      .sort((a, b) => a.at - b.at);
  }

  async close(): Promise<void> {}
}
