import { expect } from 'chai';
import { cachedCertificates, snsUrl } from '../../src/adapters/sns/sns-https.js';

describe('SNS signing certificates', () => {
  it('are fetched once per URL, then served from memory', async () => {
    const fetched: string[] = [];
    const certificates = cachedCertificates(async (url) => {
      fetched.push(url.href);
      return `PEM of ${url.pathname}`;
    });
    const first = new URL('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem');
    const second = new URL('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-b.pem');
    expect(
      await Promise.all([certificates(first), certificates(first), certificates(second), certificates(first)]),
    ).to.deep.equal([
      'PEM of /SimpleNotificationService-a.pem',
      'PEM of /SimpleNotificationService-a.pem',
      'PEM of /SimpleNotificationService-b.pem',
      'PEM of /SimpleNotificationService-a.pem',
    ]);
    expect(fetched).to.deep.equal([first.href, second.href]);
  });

  it('are fetched again after a failed fetch', async () => {
    let attempts = 0;
    const certificates = cachedCertificates(async () => {
      if (++attempts === 1) throw new Error('fetch failed');
      return 'PEM';
    });
    const url = new URL('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem');
    let failure: unknown;
    await certificates(url).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(Error);
    expect(await certificates(url)).to.equal('PEM');
    expect(attempts).to.equal(2);
  });

  it('keep only the newest few', async () => {
    const fetched: string[] = [];
    const certificates = cachedCertificates(async (url) => {
      fetched.push(url.pathname);
      return 'PEM';
    }, 2);
    for (const name of ['a', 'b', 'c', 'a'])
      await certificates(new URL(`https://sns.us-east-1.amazonaws.com/${name}.pem`));
    expect(fetched).to.deep.equal(['/a.pem', '/b.pem', '/c.pem', '/a.pem']);
  });

  it('come only from https on an SNS host, in any region, China included', () => {
    expect(snsUrl('https://sns.ap-southeast-2.amazonaws.com/x.pem')?.hostname).to.equal(
      'sns.ap-southeast-2.amazonaws.com',
    );
    expect(snsUrl('https://sns.cn-north-1.amazonaws.com.cn/x.pem')?.hostname).to.equal(
      'sns.cn-north-1.amazonaws.com.cn',
    );
    for (const foreign of [
      'not a url',
      'https://sns.amazonaws.com/x.pem',
      'https://SNS.us-east-1.amazonaws.com.evil/x.pem',
      'https://xsns.us-east-1.amazonaws.com/x.pem',
      'ftp://sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.s3-accelerate.amazonaws.com/x.pem',
      'https://sns.s3-website-us-east-1.amazonaws.com/x.pem',
    ]) {
      expect(snsUrl(foreign), foreign).to.equal(undefined);
    }
  });
});
