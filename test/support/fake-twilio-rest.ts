import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { LoopbackFake } from './loopback-fake.js';

/** Twilio's error body: `{code, message, more_info, status}`. */
export interface TwilioError {
  status: number;
  code: number;
  message: string;
}

export const TOO_MANY_REQUESTS: TwilioError = { status: 429, code: 20429, message: 'Too Many Requests' };
export const INTERNAL_ERROR: TwilioError = { status: 500, code: 20500, message: 'Internal Server Error' };
export const invalidTo = (to: string): TwilioError => ({
  status: 400,
  code: 21211,
  message: `Invalid 'To' Phone Number: ${to}`,
});

export interface TwilioRequest {
  method: string;
  path: string;
  /** The HTTP Basic user and password, as presented. */
  auth?: { username: string; password: string };
  form: Record<string, string>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;
const CALL_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Calls\/(CA[0-9a-f]{32})\.json$/;

/**
 * Twilio's REST API on 127.0.0.1, as far as sending a text and ending a call in progress go: Basic
 * auth checked, the form read as Twilio reads it, the resource answered, and failures answered when
 * scripted.
 */
export class FakeTwilioRest extends LoopbackFake<TwilioError> {
  /** Every request received, refused ones included. */
  readonly requests: TwilioRequest[] = [];
  /** The messages accepted for sending, by the sid answered: a template's as its ContentSid and ContentVariables. */
  readonly accepted: { sid: string; form: Record<string, string> }[] = [];
  /** Calls updated, in order: `form.Status` is `completed` for a hang-up. */
  readonly callUpdates: { sid: string; form: Record<string, string> }[] = [];
  private readonly completedCalls = new Set<string>();

  private constructor(
    readonly accountSid: string,
    private readonly credentials: { username: string; password: string },
  ) {
    super();
  }

  /** `username` is the account SID with an auth token, or an API key SID with its secret. */
  static async start(accountSid: string, credentials: { username: string; password: string }): Promise<FakeTwilioRest> {
    return new FakeTwilioRest(accountSid, credentials).listen();
  }

  /** A Twilio HTTP client that sends every call here instead of api.twilio.com. */
  httpClient(): RequestClient {
    const base = this.url;
    return new (class extends twilio.RequestClient {
      override request<T>(opts: RequestClient.RequestOptions<T>) {
        const uri = new URL(opts.uri);
        return super.request<T>({ ...opts, uri: `${base}${uri.pathname}${uri.search}` });
      }
    })();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = req.url ?? '';
    const auth = basicAuth(req.headers.authorization);
    const request: TwilioRequest = { method: req.method ?? '', path, ...(auth ? { auth } : {}), form };
    this.requests.push(request);

    const call = CALL_PATH.exec(path);
    const account = MESSAGES_PATH.exec(path)?.[1] ?? call?.[1];
    if (req.method !== 'POST' || !account)
      return answerError(res, { status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    if (
      auth?.username !== this.credentials.username ||
      auth.password !== this.credentials.password ||
      account !== this.accountSid
    ) {
      return answerError(res, { status: 401, code: 20003, message: 'Authenticate' });
    }
    const failure = this.failures.shift();
    if (failure) return answerError(res, failure);
    if (call) return this.updateCall(res, account, call[2]!, form);
    if (!form.To) return answerError(res, { status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!form.From && !form.MessagingServiceSid)
      return answerError(res, { status: 400, code: 21603, message: "A 'From' phone number is required." });
    const content = contentProblem(form);
    if (content) return answerError(res, content);

    const sid = `SM${randomBytes(16).toString('hex')}`;
    this.accepted.push({ sid, form });
    answer(res, 201, {
      sid,
      account_sid: account,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      to: form.To,
      from: form.MessagingServiceSid ? null : form.From,
      body: form.Body,
      status: form.MessagingServiceSid ? 'accepted' : 'queued',
      direction: 'outbound-api',
      num_segments: '1',
      num_media: '0',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      date_updated: new Date().toUTCString(),
      date_sent: null,
      uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json` },
    });
  }

  private updateCall(res: ServerResponse, account: string, sid: string, form: Record<string, string>) {
    if (this.completedCalls.has(sid))
      return answerError(res, { status: 400, code: 21220, message: 'Call is not in-progress. Cannot redirect.' });
    if (form.Status !== undefined && form.Status !== 'completed' && form.Status !== 'canceled') {
      return answerError(res, { status: 400, code: 21218, message: `Invalid Status: ${form.Status}` });
    }
    this.callUpdates.push({ sid, form });
    if (form.Status) this.completedCalls.add(sid);
    answer(res, 200, {
      sid,
      account_sid: account,
      status: form.Status ?? 'in-progress',
      direction: 'inbound',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString(),
      date_updated: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${account}/Calls/${sid}.json`,
    });
  }
}

/**
 * A message is its Body, or a Content template (ContentSid, HX…) with its variables as a JSON object
 * of strings in ContentVariables, as Twilio's Messages API takes them.
 */
function contentProblem({ Body, ContentSid, ContentVariables }: Record<string, string>): TwilioError | undefined {
  if (ContentSid === undefined) {
    return Body === undefined
      ? { status: 400, code: 21619, message: 'A text message body or media urls must be specified.' }
      : undefined;
  }
  if (!/^HX[0-9a-f]{32}$/.test(ContentSid)) return { status: 400, code: 21655, message: 'The ContentSid is Invalid' };
  try {
    const variables: unknown = JSON.parse(ContentVariables ?? '{}');
    const strings =
      typeof variables === 'object' &&
      variables !== null &&
      Object.values(variables).every((value) => typeof value === 'string');
    if (strings) return undefined;
  } catch {}
  return { status: 400, code: 21656, message: 'The ContentVariables Parameter is invalid' };
}

function basicAuth(header: string | undefined) {
  const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function answer(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function answerError(res: ServerResponse, { status, code, message }: TwilioError) {
  answer(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}
