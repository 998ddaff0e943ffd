import { createHash, randomBytes } from 'node:crypto';
import type { SecretTokens } from '../../ports/secret-tokens.js';

/**
 * 32 random bytes, base64url. A slow hash (scrypt, Argon2) makes guessing a person's password
 * expensive; 256 random bits cannot be guessed or searched whatever the hash costs, so SHA-256 keeps
 * them as safe, and finding a token on every request stays cheap.
 */
export class Sha256SecretTokens implements SecretTokens {
  mint(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hash(token) };
  }

  hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
