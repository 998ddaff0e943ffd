import { verify, X509Certificate } from 'node:crypto';
import { fail, ok, type Result } from '../../domain/result.js';
import { type SnsEnvelope, stringToSign } from './sns-envelope.js';
import { type CertificateFetcher, snsUrl } from './sns-https.js';

const ALGORITHMS: Record<string, string> = { '1': 'sha1', '2': 'sha256' };

export interface Refusal {
  status: 403 | 503;
  message: string;
}

/**
 * Whether SNS sent this for our topic. The cheap checks come first, so a stranger's message never
 * makes us fetch anything: topic, then signature version, then the certificate's address, and only
 * then the certificate and the RSA signature over the documented fields.
 */
export async function verifySnsEnvelope(
  envelope: SnsEnvelope,
  topicArn: string,
  fetchCertificate: CertificateFetcher,
): Promise<Result<SnsEnvelope, Refusal>> {
  if (envelope.TopicArn !== topicArn)
    return fail({ status: 403, message: 'TopicArn: expected the topic this server subscribed to' });
  const algorithm = ALGORITHMS[envelope.SignatureVersion];
  if (!algorithm)
    return fail({ status: 403, message: 'SignatureVersion: expected 1 (SHA1withRSA) or 2 (SHA256withRSA)' });
  const certificateUrl = snsUrl(envelope.SigningCertURL);
  if (!certificateUrl)
    return fail({
      status: 403,
      message: 'SigningCertURL: expected an https URL on an SNS host (sns.<region>.amazonaws.com)',
    });

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
