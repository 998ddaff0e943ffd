import type { ClinicId } from '../domain/clinic.js';

/** One provider's calendar feed: what its secret URL serves. */
export interface CalendarFeed {
  clinicId: ClinicId;
  providerId: string;
}

/**
 * Providers' calendar feeds, kept by the hash of their secret (SecretTokens), as clinic tokens are:
 * the store never sees a secret, so a copy of it opens no feed. A provider has one feed at a time.
 */
export interface CalendarFeeds {
  /**
   * Makes `hash` the provider's feed secret, in one step: from then on the secret before it finds
   * nothing.
   */
  rotate(feed: CalendarFeed, hash: string): Promise<void>;
  /** The feed whose secret has this hash, until it is rotated; looked up, not compared (see ClinicTokens.find). */
  find(hash: string): Promise<CalendarFeed | undefined>;
  close(): Promise<void>;
}
