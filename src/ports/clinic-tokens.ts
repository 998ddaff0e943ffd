import type { ClinicId } from '../domain/clinic.js';

/** A token that lets its bearer act for one clinic through the API. */
export interface ClinicToken {
  tokenId: string;
  clinicId: ClinicId;
}

/**
 * Clinics' tokens, kept by hash (SecretTokens): the store never sees a token itself, so what it
 * holds, or a copy of it, lets no one act for a clinic.
 */
export interface ClinicTokens {
  add(token: ClinicToken, hash: string): Promise<void>;
  /**
   * The token with this hash, until it is revoked. Looked up, not compared byte by byte, so no
   * constant-time comparison: how long a lookup takes could tell at most how near a guess's hash came
   * to a stored one, and no one can choose a hash's bytes without a token that has them.
   */
  find(hash: string): Promise<ClinicToken | undefined>;
  /** False when that clinic has no such token: a clinic never revokes another's. */
  revoke(clinicId: ClinicId, tokenId: string): Promise<boolean>;
  close(): Promise<void>;
}
