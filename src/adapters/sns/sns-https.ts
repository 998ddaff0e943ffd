/**
 * SNS's own hosts: `sns.<region>.amazonaws.com` in every region (`us-east-1`, `us-gov-west-1`, …), and
 * `.amazonaws.com.cn` in China's. The region is spelt out, as anything looser lets in hosts anyone
 * can serve from, such as an S3 bucket named "sns" (`sns.s3-accelerate.amazonaws.com`).
 */
const SNS_HOST = /^sns\.(?:[a-z]{2}(?:-gov)?-[a-z]+-\d+\.amazonaws\.com|cn-[a-z]+-\d+\.amazonaws\.com\.cn)$/;

/** The URL, if it is https on an SNS host with nothing that could redirect the request elsewhere. */
export function snsUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const plain = url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === '';
  return plain && SNS_HOST.test(url.hostname) ? url : undefined;
}

/** Where SNS keeps a signing certificate: a `.pem` file on an SNS host, with no query to steer the request. */
export function signingCertificateUrl(raw: string): URL | undefined {
  const url = snsUrl(raw);
  return url?.pathname.endsWith('.pem') && url.search === '' && url.hash === '' ? url : undefined;
}

/** Reads a signing certificate (PEM). Only ever given URLs that passed `signingCertificateUrl`. */
export type CertificateFetcher = (url: URL) => Promise<string>;

/** GETs a SubscribeURL, which is how a subscriber says yes. */
export type SubscriptionConfirmer = (url: URL) => Promise<void>;

/** No redirects: a redirect could lead away from the SNS host that was checked. */
async function httpsGet(url: URL, timeoutMs: number): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`GET ${url.origin}${url.pathname} answered HTTP ${response.status}`);
  return response.text();
}

/**
 * SNS signs with a handful of certificates that change rarely, so each is fetched once and kept.
 * A failed fetch is forgotten, so the next message tries again.
 */
export function cachedCertificates(
  get: (url: URL) => Promise<string> = (url) => httpsGet(url, 5_000),
  maxEntries = 32,
): CertificateFetcher {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    const key = url.href;
    const known = cache.get(key);
    if (known) return known;
    const pem = get(url);
    cache.set(key, pem);
    pem.catch(() => cache.delete(key));
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return pem;
  };
}

/** Done while SNS waits for our answer, so well within its 15 s. */
export const confirmByGet: SubscriptionConfirmer = async (url) => {
  await httpsGet(url, 10_000);
};
