import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { Sha256SecretTokens } from '../../../../src/adapters/system/sha256-secret-tokens.js';

describe('secret tokens, kept as SHA-256', () => {
  const secrets = new Sha256SecretTokens();

  it('mints 32 random bytes as base64url, a new one each time', () => {
    const tokens = Array.from({ length: 50 }, () => secrets.mint().token);
    for (const token of tokens) expect(Buffer.from(token, 'base64url').toString('base64url')).to.equal(token);
    expect(tokens.every((token) => Buffer.from(token, 'base64url').length === 32)).to.equal(true);
    expect(new Set(tokens).size).to.equal(tokens.length);
  });

  it('keeps the SHA-256 of the token, the hash it is found by again', () => {
    const { token, hash } = secrets.mint();
    expect(hash).to.equal(createHash('sha256').update(token).digest('hex'));
    expect(secrets.hash(token)).to.equal(hash);
  });
});
