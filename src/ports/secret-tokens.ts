/** Bearer tokens: made unguessable, and kept only as a hash that cannot be turned back into one. */
export interface SecretTokens {
  /** A new token, to be shown once, and its hash, to be kept. */
  mint(): { token: string; hash: string };
  /** The hash a token was kept under, to find it by. */
  hash(token: string): string;
}
