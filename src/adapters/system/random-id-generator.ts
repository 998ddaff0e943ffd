import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../ports/id-generator.js';

/** 80 random bits in base32: unguessable, so knowing one appointment id reveals nothing of others. */
export class RandomIdGenerator implements IdGenerator {
  next(prefix: string): string {
    const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
    const bytes = randomBytes(16);
    let id = '';
    for (let i = 0; i < 16; i++) id += alphabet[bytes[i]! & 31];
    return `${prefix}_${id}`;
  }
}
