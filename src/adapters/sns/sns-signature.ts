import { verify, X509Certificate } from 'node:crypto';
import { fail, ok, type Result } from '../../domain/result.js';
import { type SnsEnvelope, stringToSign } from './sns-envelope.js';
import { type CertificateFetcher, signingCertificateUrl } from './sns-https.js';

const ALGORITHMS: Record<string, string> = { '1': 'sha1', '2': 'sha256' };

/** SNS retries an HTTPS delivery for an hour at most: an older message is a replay. */
const MAX_AGE_MS = 60 * 60 * 1000;

/** The name AWS issues SNS's signing certificates to. */
const SNS_SUBJECT = 'sns.amazonaws.com';

/** Its subject's common name, and only one, is SNS's: a certificate found at an SNS address but issued to another is not AWS's. */
function issuedToSns(certificate: X509Certificate): boolean {
  const names = certificate.subject
    .split('\n')
    .filter((rdn) => rdn.startsWith('CN='))
    .map((rdn) => rdn.slice('CN='.length));
  return names.length === 1 && names[0] === SNS_SUBJECT;
}

function staleness(timestamp: string, now: number): string | undefined {
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt)) return 'Timestamp: expected the ISO-8601 time SNS signed the message at';
  if (now - signedAt > MAX_AGE_MS)
    return 'Timestamp: expected a message signed within the last hour, as SNS retries for no longer; this may be a replay';
  return undefined;
}

export interface Refusal {
  status: 403 | 503;
  message: string;
}

/**
 * Whether SNS sent this for our topic, within the hour (`now`). The cheap checks come first, so a
 * stranger's message never makes us fetch anything: topic, signature version, the certificate's
 * address, the message's age; only then the certificate, its subject, and the RSA signature over
 * the documented fields (the Timestamp among them, so its age cannot be forged).
 */
export async function verifySnsEnvelope(
  envelope: SnsEnvelope,
  topicArn: string,
  fetchCertificate: CertificateFetcher,
  now: number,
): Promise<Result<SnsEnvelope, Refusal>> {
  if (envelope.TopicArn !== topicArn)
    return fail({ status: 403, message: 'TopicArn: expected the topic this server subscribed to' });
  const algorithm = ALGORITHMS[envelope.SignatureVersion];
  if (!algorithm)
    return fail({ status: 403, message: 'SignatureVersion: expected 1 (SHA1withRSA) or 2 (SHA256withRSA)' });
  const certificateUrl = signingCertificateUrl(envelope.SigningCertURL);
  if (!certificateUrl)
    return fail({
      status: 403,
      message: 'SigningCertURL: expected an https URL of a .pem file on an SNS host (sns.<region>.amazonaws.com)',
    });
  const stale = staleness(envelope.Timestamp, now);
  if (stale) return fail({ status: 403, message: stale });

  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(await fetchCertificate(certificateUrl));
  } catch {
    // Most likely AWS was out of reach: a 5xx asks SNS to deliver again later.
    return fail({
      status: 503,
      message: 'SigningCertURL: the signing certificate could not be fetched; try again later',
    });
  }
  if (!issuedToSns(certificate))
    return fail({ status: 403, message: `SigningCertURL: expected a certificate issued to ${SNS_SUBJECT}` });
  const signed = verify(
    algorithm,
    Buffer.from(stringToSign(envelope), 'utf8'),
    certificate.publicKey,
    Buffer.from(envelope.Signature, 'base64'),
  );
  return signed
    ? ok(envelope)
    : fail({ status: 403, message: 'Signature: expected a valid SNS signature over this message' });
}
