import type { PhoneNumber } from '../../domain/phone-number.js';
import type { OptOuts } from '../../ports/opt-outs.js';

export class InMemoryOptOuts implements OptOuts {
  private readonly optedOut = new Set<string>();

  async isOptedOut(patient: PhoneNumber): Promise<boolean> {
    return this.optedOut.has(patient);
  }

  async optOut(patient: PhoneNumber): Promise<void> {
    this.optedOut.add(patient);
  }

  async optIn(patient: PhoneNumber): Promise<void> {
    this.optedOut.delete(patient);
  }

  async close(): Promise<void> {}
}
