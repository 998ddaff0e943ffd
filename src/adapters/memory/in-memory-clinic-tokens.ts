import type { ClinicId } from '../../domain/clinic.js';
import type { ClinicToken, ClinicTokens } from '../../ports/clinic-tokens.js';

export class InMemoryClinicTokens implements ClinicTokens {
  private readonly byHash = new Map<string, ClinicToken>();

  async add(token: ClinicToken, hash: string): Promise<void> {
    this.byHash.set(hash, { ...token });
  }

  async find(hash: string): Promise<ClinicToken | undefined> {
    const token = this.byHash.get(hash);
    return token && { ...token };
  }

  async revoke(clinicId: ClinicId, tokenId: string): Promise<boolean> {
    for (const [hash, token] of this.byHash) {
      if (token.clinicId === clinicId && token.tokenId === tokenId) return this.byHash.delete(hash);
    }
    return false;
  }

  async close(): Promise<void> {}
}
