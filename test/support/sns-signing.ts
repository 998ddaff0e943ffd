import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/** An SNS message as posted, before (`Signature` absent) or after signing. */
export type SnsMessage = Record<string, string> & { Type: string };

/** DER, just enough of it to write one self-signed X.509 certificate. */
const der = (tag: number, ...contents: Buffer[]) => {
  const body = Buffer.concat(contents);
  const n = body.length;
  const length = Buffer.from(n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const sequence = (...contents: Buffer[]) => der(0x30, ...contents);
const SHA256_WITH_RSA = sequence(Buffer.from('06092a864886f70d01010b', 'hex'), Buffer.from('0500', 'hex'));
const commonName = (name: string) =>
  sequence(der(0x31, sequence(Buffer.from('0603550403', 'hex'), der(0x0c, Buffer.from(name)))));
const utcTime = (date: Date) => der(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`));

function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, name: string): string {
  const now = Date.now();
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.concat([Buffer.from([0x01]), randomBytes(8)])),
    SHA256_WITH_RSA,
    commonName(name),
    sequence(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 86_400_000))),
    commonName(name),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const certificate = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0]), sign('sha256', tbs, privateKey)));
  return `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * The fields SNS signs, in the order its documentation gives: a notification's Subject only when
 * present; confirmations sign their SubscribeURL and Token instead. Written out here from the
 * documentation, not taken from the code under test, so the two can disagree.
 */
function documentedStringToSign(message: SnsMessage): string {
  const names =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'].filter(
          (name) => message[name] !== undefined,
        )
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return names.map((name) => `${name}\n${message[name]}\n`).join('');
}

/** Signs SNS messages as SNS does, with a key of its own and the certificate that vouches for it. */
export class SnsSigner {
  readonly certificatePem: string;
  private readonly privateKey: KeyObject;

  constructor(name = 'sns.amazonaws.com') {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.certificatePem = selfSignedCertificate(publicKey, privateKey, name);
  }

  /** SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA. */
  sign(message: SnsMessage, version: '1' | '2' = '1'): SnsMessage {
    const signed = { ...message, SignatureVersion: version };
    const signature = sign(
      version === '1' ? 'sha1' : 'sha256',
      Buffer.from(documentedStringToSign(signed), 'utf8'),
      this.privateKey,
    );
    return { ...signed, Signature: signature.toString('base64') };
  }
}
