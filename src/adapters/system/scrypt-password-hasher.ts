import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../../ports/password-hasher.js';

/**
 * One of OWASP's equivalent scrypt settings (N=2^15, r=8, p=3): 32 MiB and about a quarter of a
 * second per hash here. The 2^17 setting costs the same time but 128 MiB, which a few sign-ins at
 * once would take from the server.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, cost: typeof COST): Promise<Buffer> {
  // Node refuses to use more than 32 MiB unless told: 128·N·r is exactly that, and a stored value may cost more.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url: the cost travels with the hash, so it can be raised. */
export class ScryptPasswordHasher implements PasswordHasher {
  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, COST);
    return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    const cost = { N: Number(n), r: Number(r), p: Number(p) };
    if (scheme !== 'scrypt' || !Object.values(cost).every(Number.isSafeInteger) || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await derive(password, Buffer.from(salt, 'base64url'), cost);
    return key.length === expected.length && timingSafeEqual(key, expected);
  }
}
