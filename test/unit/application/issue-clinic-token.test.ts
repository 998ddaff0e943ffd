import { expect } from 'chai';
import { InMemoryClinicTokens } from '../../../src/adapters/memory/in-memory-clinic-tokens.js';
import { InMemoryClinics } from '../../../src/adapters/memory/in-memory-clinics.js';
import { RandomIdGenerator } from '../../../src/adapters/system/random-id-generator.js';
import { Sha256SecretTokens } from '../../../src/adapters/system/sha256-secret-tokens.js';
import { IssueClinicToken } from '../../../src/application/issue-clinic-token.js';
import type { ClinicId } from '../../../src/domain/clinic.js';
import type { ClinicTokens } from '../../../src/ports/clinic-tokens.js';
import { aClinic } from '../../support/clinic-builder.js';

const RIVERSIDE = 'riverside' as ClinicId;

describe('issuing a clinic a token', () => {
  let tokens: InMemoryClinicTokens;
  let kept: unknown[];
  let issue: IssueClinicToken;
  const secrets = new Sha256SecretTokens();

  beforeEach(async () => {
    const clinics = new InMemoryClinics();
    await clinics.put(aClinic({ id: RIVERSIDE }));
    tokens = new InMemoryClinicTokens();
    kept = [];
    const recording: ClinicTokens = {
      add: (token, hash) => {
        kept.push(token, hash);
        return tokens.add(token, hash);
      },
      find: (hash) => tokens.find(hash),
      revoke: (clinicId, tokenId) => tokens.revoke(clinicId, tokenId),
      close: () => tokens.close(),
    };
    issue = new IssueClinicToken(clinics, recording, secrets, new RandomIdGenerator());
  });

  it('gives the token once, and keeps it only as its hash, which finds it', async () => {
    const issued = (await issue.execute(RIVERSIDE))!;
    expect(issued.tokenId).to.match(/^tok_/);
    expect(JSON.stringify(kept)).to.not.include(issued.token);
    expect(await tokens.find(secrets.hash(issued.token))).to.deep.equal({
      tokenId: issued.tokenId,
      clinicId: RIVERSIDE,
    });
  });

  it('gives each token of a clinic its own id and value', async () => {
    const [first, second] = [(await issue.execute(RIVERSIDE))!, (await issue.execute(RIVERSIDE))!];
    expect(first.tokenId).to.not.equal(second.tokenId);
    expect(first.token).to.not.equal(second.token);
  });

  it('issues none for a clinic there is not', async () => {
    expect(await issue.execute('lakeside' as ClinicId)).to.equal(undefined);
    expect(kept).to.deep.equal([]);
  });
});
