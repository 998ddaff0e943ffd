import { fail, ok, type Result } from '../../domain/result.js';

/** What SNS POSTs to an HTTPS subscriber: the JSON document around each message. */
export interface SnsEnvelope {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  /** Confirmations only. */
  SubscribeURL?: string;
  Token?: string;
}

const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);
const ALWAYS = [
  'MessageId',
  'TopicArn',
  'Message',
  'Timestamp',
  'SignatureVersion',
  'Signature',
  'SigningCertURL',
] as const;
const CONFIRMATION = ['SubscribeURL', 'Token'] as const;

/** Names the first field that is missing or not a string, as SNS always sends them. */
export function readEnvelope(body: string): Result<SnsEnvelope, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return fail('body: expected an SNS message as JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('body: expected an SNS message as a JSON object');
  const fields = parsed as Record<string, unknown>;
  if (typeof fields.Type !== 'string' || !TYPES.has(fields.Type))
    return fail('Type: expected Notification, SubscriptionConfirmation or UnsubscribeConfirmation');
  const required = fields.Type === 'Notification' ? ALWAYS : [...ALWAYS, ...CONFIRMATION];
  const missing = required.find((name) => typeof fields[name] !== 'string');
  if (missing) return fail(`${missing}: expected a string, as SNS sends in every ${fields.Type}`);
  if (fields.Subject !== undefined && fields.Subject !== null && typeof fields.Subject !== 'string')
    return fail('Subject: expected a string or nothing');
  return ok(fields as unknown as SnsEnvelope);
}

/**
 * The text SNS signs: chosen fields in byte order of their names, each as "Name\nvalue\n".
 * A notification's Subject is signed only when it has one.
 */
export function stringToSign(envelope: SnsEnvelope): string {
  const names =
    envelope.Type === 'Notification'
      ? [
          'Message',
          'MessageId',
          ...(typeof envelope.Subject === 'string' ? ['Subject'] : []),
          'Timestamp',
          'TopicArn',
          'Type',
        ]
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return names.map((name) => `${name}\n${envelope[name as keyof SnsEnvelope]}\n`).join('');
}
