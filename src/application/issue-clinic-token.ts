import type { ClinicId } from '../domain/clinic.js';
import type { ClinicTokens } from '../ports/clinic-tokens.js';
import type { Clinics } from '../ports/clinics.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { SecretTokens } from '../ports/secret-tokens.js';

/**
 * A new token for a clinic's integrations: shown once, here, and kept only as its hash, so a copy of
 * the store lets no one act for the clinic. Undefined when there is no such clinic.
 */
export class IssueClinicToken {
  constructor(
    private readonly clinics: Clinics,
    private readonly tokens: ClinicTokens,
    private readonly secrets: SecretTokens,
    private readonly ids: IdGenerator,
  ) {}

  async execute(clinicId: ClinicId): Promise<{ tokenId: string; token: string } | undefined> {
    if (!(await this.clinics.get(clinicId))) return undefined;
    const { token, hash } = this.secrets.mint();
    const tokenId = this.ids.next('tok');
    await this.tokens.add({ tokenId, clinicId }, hash);
    return { tokenId, token };
  }
}
