import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback-fake.js';

/** An AWS Query error: `<ErrorResponse><Error><Type><Code><Message>`. */
export interface SnsError {
  status: number;
  type: 'Sender' | 'Receiver';
  code: string;
  message: string;
}

export const THROTTLED: SnsError = { status: 429, type: 'Sender', code: 'Throttled', message: 'Rate exceeded' };
export const INTERNAL_ERROR: SnsError = {
  status: 500,
  type: 'Receiver',
  code: 'InternalError',
  message: 'Internal service error',
};
export const invalidParameter = (message: string): SnsError => ({
  status: 400,
  type: 'Sender',
  code: 'InvalidParameter',
  message,
});

export interface SnsRequest {
  path: string;
  authorization?: string;
  form: Record<string, string>;
}

export interface PublishedSms {
  messageId: string;
  phoneNumber: string;
  message: string;
  /** `MessageAttributes.entry.N.Name` -> `Value.StringValue`. */
  attributes: Record<string, string>;
}

const NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** SigV4, scoped to SNS: the key id, a day, a region, and a hex signature. */
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([a-z0-9-]+)\/sns\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;

/**
 * SNS's Query API on 127.0.0.1, as far as Publish to a phone number goes: form in, XML out, the
 * SigV4 Authorization header required (its shape, not its signature), and failures when scripted.
 */
export class FakeSns extends LoopbackFake<SnsError> {
  /** Every request received, refused ones included. */
  readonly requests: SnsRequest[] = [];
  readonly published: PublishedSms[] = [];

  private constructor(private readonly accessKeyId: string) {
    super();
  }

  static async start(accessKeyId: string): Promise<FakeSns> {
    return new FakeSns(accessKeyId).listen();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const authorization = req.headers.authorization;
    this.requests.push({ path: req.url ?? '', ...(authorization ? { authorization } : {}), form });

    if (!authorization)
      return answerError(res, {
        status: 403,
        type: 'Sender',
        code: 'MissingAuthenticationToken',
        message: 'Request is missing Authentication Token',
      });
    const credential = SIGV4.exec(authorization);
    if (!credential)
      return answerError(res, {
        status: 400,
        type: 'Sender',
        code: 'IncompleteSignature',
        message: 'Authorization header is not a SigV4 signature for SNS',
      });
    if (credential[1] !== this.accessKeyId)
      return answerError(res, {
        status: 403,
        type: 'Sender',
        code: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      });
    if (form.Action !== 'Publish' || form.Version !== '2010-03-31')
      return answerError(res, {
        status: 400,
        type: 'Sender',
        code: 'InvalidAction',
        message: `Could not find operation ${form.Action} for version ${form.Version}`,
      });
    const failure = this.failures.shift();
    if (failure) return answerError(res, failure);
    if (!form.PhoneNumber || form.Message === undefined)
      return answerError(res, invalidParameter('Invalid parameter: PhoneNumber and Message are required by this fake'));

    const messageId = randomUUID();
    this.published.push({
      messageId,
      phoneNumber: form.PhoneNumber,
      message: form.Message,
      attributes: attributesOf(form),
    });
    answerXml(
      res,
      200,
      `<PublishResponse xmlns="${NAMESPACE}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }
}

function attributesOf(form: Record<string, string>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; form[`MessageAttributes.entry.${n}.Name`] !== undefined; n++) {
    attributes[form[`MessageAttributes.entry.${n}.Name`]!] = form[`MessageAttributes.entry.${n}.Value.StringValue`]!;
  }
  return attributes;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function answerXml(res: ServerResponse, status: number, xml: string) {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': randomUUID() });
  res.end(xml);
}

function answerError(res: ServerResponse, { status, type, code, message }: SnsError) {
  answerXml(
    res,
    status,
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}
