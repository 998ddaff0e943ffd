import { request } from 'node:http';
import fc from 'fast-check';
import twilio from 'twilio';
import { CLINIC_NUMBER } from './clinic-builder.js';
import { ALICE, BOB, CALLER } from './patients.js';
import type { SnsMessage, SnsSigner } from './sns-signing.js';

/**
 * Malformed requests to every route the server answers, for the fuzz test and `npm run fuzz`: wrong
 * types, truncated and garbled bodies, repeated fields, odd Unicode, far dates and long ids. Each
 * route's requests are built around a well-formed one, so that many get past its first checks; Twilio's
 * and SNS's are mostly signed as they sign, so that their bodies are read and not just refused.
 */

export interface FuzzRequest {
  /** The route, as the histogram names it: `POST /slots/hold`. */
  route: string;
  method: string;
  /** Path and query string as sent: percent-encoded, where it is well-formed at all. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface FuzzTargets {
  /** The server's Twilio auth token and public base URL, which its signatures cover. */
  twilio: { authToken: string; publicBaseUrl: string };
  /** The topic the server reads, and a signer whose certificate it is given for `certificateUrl`. */
  sns: { signer: SnsSigner; topicArn: string; certificateUrl: string };
  /** Ids that exist, so that some requests reach the records behind them. */
  slotIds: string[];
  appointmentIds: string[];
}

const API = '/api/v1';

/** What the server is told, so that the fuzz can sign as Twilio and SNS do. */
export const FUZZ_TWILIO = { authToken: 'twilio-auth-token-for-fuzz', publicBaseUrl: 'https://clinic.example.com' };
export const FUZZ_SNS = {
  topicArn: 'arn:aws:sns:us-east-1:123456789012:clinic-two-way-sms',
  certificateUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-fuzz.pem',
};

const LONG = 'x'.repeat(5_000);
/** Text that breaks text handling: NUL, lone surrogates, RTL and zero-width marks, BOM, markup, JSON. */
const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83dy',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\u2060',
  '\ufeff',
  '\uffff\ufffe',
  'e\u0301\u0301\u0301',
  'مرحبا، هل لديكم موعد غدا؟',
  '明天上午十点可以吗',
  '🧑‍⚕️🏥📅',
  '\u2028\u2029',
  '%00%ff%',
  '<Say>hi</Say>]]>&amp;',
  '{"a":',
  '__proto__',
  'constructor',
  LONG,
  '9'.repeat(400),
];
/** Texts the receptionist acts on, so that some requests go past reading into booking. */
const TEXTS = ['anything tomorrow at 10?', 'yes', 'cancel my appointment', 'move my 10am to friday', 'HELP', 'the 2nd'];

const oddText = fc.oneof(
  fc.constantFrom(...ODD_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
/** Mostly numbers as channels write them; sometimes one that only looks like a number. */
const phoneNumber = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(ALICE, BOB, CALLER, `whatsapp:${ALICE}`, '+1 (555) 000-0001', '0015550000001'),
  },
  fc.constantFrom('+', '+0', '+1555', '+１５５５０００００01', '+١٥٥٥٠٠٠٠٠٠١', `+1${'5'.repeat(300)}`, 'whatsapp:'),
);
/** Days the clinic has, days far off at either end of the calendar, and strings that only look like days. */
const calendarDay = fc.oneof(
  fc.constantFrom('2026-03-02', '2026-03-03'),
  fc.constantFrom('9999-12-31', '0001-01-01', '0099-12-31', '1969-12-31'),
  fc.constantFrom('2026-02-30', '2026-3-2', '0000-01-01', '+275760-09-13', '-000001-01-01', '99999-01-01'),
);
const instant = fc.constantFrom(
  '2026-03-02T09:00:00-05:00',
  '2026-03-03T09:00:00Z',
  '2026-03-02T09:00:00+14:00',
  '2026-03-02T09:00:00-23:59',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999-23:59',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00+23:59',
  '2026-13-45T99:99:99Z',
  '2026-03-02T09:00',
);

/** A value of another JSON type, or a shape that trips decoders: deep nesting, big numbers, `__proto__`. */
const wrongType = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -0, 1e308, -1, 15550000001, [], {}, [ALICE], { toString: 1 }),
  fc.constant(JSON.parse('{"__proto__":{"x":1}}')),
  fc.constant(JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`)),
  fc.jsonValue({ maxDepth: 3 }),
);

/** UTF-8 percent-encoding of everything but unreserved characters; lone surrogates go as U+FFFD. */
function percentEncode(text: string, keep = /[A-Za-z0-9\-._~]/): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && keep.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** How a well-formed request is broken: a field left out, given another value, or one field more. */
type Breakage = [kind: 'leave out' | 'another value' | 'one more', which: number, value: unknown];
const breakages = fc.oneof(
  { weight: 2, arbitrary: fc.constant([]) },
  fc.array(
    fc.tuple(fc.constantFrom('leave out', 'another value', 'one more'), fc.nat(), fc.oneof(oddText, wrongType)),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
) as fc.Arbitrary<Breakage[]>;

/** A body's fields: all well-formed, then up to three of them broken. */
function fields(known: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(known);
  const extras = ['colour', '__proto__', 'constructor', 'hasOwnProperty', `${names[0]} `, ''];
  return fc.tuple(fc.record(known), breakages).map(([good, broken]) => {
    const body: Record<string, unknown> = { ...good };
    for (const [kind, which, value] of broken) {
      const name = names[which % names.length]!;
      if (kind === 'leave out') delete body[name];
      else if (kind === 'another value') body[name] = value;
      else body[extras[which % extras.length]!] = value;
    }
    return body;
  });
}

type Pairs = [string, string][];

/**
 * Name-value pairs (a query, a form): all well-formed, then up to three broken. One more is either a
 * name already given (a field twice) or one the route does not know, such as `From[x]` or `From.x`,
 * which a body parser may nest into an object.
 */
function brokenPairs(good: fc.Arbitrary<Pairs>, extras: string[]): fc.Arbitrary<Pairs> {
  return fc.tuple(good, breakages).map(([pairs, broken]) => {
    const out = [...pairs];
    for (const [kind, which, value] of broken) {
      const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
      const at = which % Math.max(out.length, 1);
      const given = out[at];
      if (kind === 'leave out') out.splice(at, 1);
      else if (kind === 'another value' && given) out[at] = [given[0], text];
      else out.push(which % 2 === 0 && given ? [given[0], text] : [extras[which % extras.length]!, text]);
    }
    return out;
  });
}

/** Pairs of the given fields, in order, each with a well-formed value. */
const pairsOf = (known: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Pairs> =>
  fc.tuple(...Object.entries(known).map(([name, value]) => value.map((v): [string, string] => [name, v])));

/** JSON text, sometimes broken: truncated, a key given twice, lone surrogates escaped, bytes that are not UTF-8. */
function jsonBytes(value: unknown): fc.Arbitrary<Buffer> {
  const text = JSON.stringify(value) ?? 'null';
  const firstKey = /^\{"((?:[^"\\]|\\.)*)":/.exec(text)?.[1];
  const mutations: Record<string, (n: number) => string | Buffer> = {
    'as is': () => text,
    truncated: (n) => text.slice(0, n % Math.max(text.length, 1)),
    'key twice': () => (firstKey === undefined ? text : text.replace(/\}$/, `,"${firstKey}":"${BOB}"}`)),
    'lone surrogate': () => text.replace(/":"/, '":"\\ud800'),
    'not utf-8': () => Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80])]),
    bom: () => `\ufeff${text}`,
    'trailing garbage': () => `${text}}{"x":`,
    'nested deep': () => `{"a":${'['.repeat(7_000)}${']'.repeat(7_000)}}`,
    'padded past 16 kB': () => `${text}${' '.repeat(16_500)}`,
  };
  return fc
    .tuple(
      fc.oneof({ weight: 6, arbitrary: fc.constant('as is') }, fc.constantFrom(...Object.keys(mutations))),
      fc.nat(),
    )
    .map(([how, n]) => Buffer.from(mutations[how]!(n)));
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
function contentType(usual: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(usual) },
    fc.constantFrom(
      JSON_TYPE,
      FORM_TYPE,
      `${usual}; charset=utf-16le`,
      `${usual}; charset=iso-8859-1`,
      usual.toUpperCase(),
      'application/vnd.api+json',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
    ),
  );
}
/** Mostly none; sometimes one the body was never encoded with. */
const contentEncoding = fc.oneof(
  { weight: 12, arbitrary: fc.constant('') },
  fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
);

function headers(type: string, encoding = '', more: Record<string, string> = {}): Record<string, string> {
  return {
    ...(type ? { 'Content-Type': type } : {}),
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
    ...more,
  };
}

type Routes = [string, fc.Arbitrary<FuzzRequest>][];

function jsonPost(route: string, path: fc.Arbitrary<string>, known: Record<string, fc.Arbitrary<unknown>>) {
  const request = fc.tuple(path, fields(known).chain(jsonBytes), contentType(JSON_TYPE), contentEncoding).map(
    ([p, body, type, encoding]): FuzzRequest => ({
      route,
      method: 'POST',
      path: p,
      headers: headers(type, encoding),
      body,
    }),
  );
  return [route, request] as [string, fc.Arbitrary<FuzzRequest>];
}

function get(route: string, path: string, good: fc.Arbitrary<Pairs>) {
  const extras = ['colour', 'date[]', 'date[x]', 'status.x', '__proto__', 'hasOwnProperty', ''];
  const request = query(brokenPairs(good, extras)).map(
    (q): FuzzRequest => ({ route, method: 'GET', path: `${path}${q}`, headers: {} }),
  );
  return [route, request] as [string, fc.Arbitrary<FuzzRequest>];
}

/** A query string, sometimes with `%` left as it is: `%zz`, a lone `%` and cut-off UTF-8 sequences reach the server. */
function query(pairs: fc.Arbitrary<Pairs>): fc.Arbitrary<string> {
  return fc.tuple(pairs, fc.boolean()).map(([given, broken]) => {
    const text = encodeForm(given, broken ? 'broken escapes' : 'encoded');
    return text ? `?${text}` : '';
  });
}

/** What patients write: mostly what the receptionist acts on, sometimes odd text. */
const patientText = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TEXTS) }, oddText);

function restRoutes(targets: FuzzTargets): Routes {
  const slotId = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...targets.slotIds) },
    fc.constantFrom('2020-01-01T0900', '9999-12-31T2330', '0000-01-01T0000', '2026-03-02T0900-dr-x', '9999-99-99T9999'),
    fc.constantFrom(`2026-03-02T0900-${'a'.repeat(2_000)}`, LONG),
  );
  const appointmentPath = (action: string) =>
    fc
      .oneof(
        { weight: 3, arbitrary: fc.constantFrom(...targets.appointmentIds) },
        fc.constantFrom('missing', LONG),
        oddText.map((id) => percentEncode(id)),
        fc.constantFrom('%', '%E0%A4%A', '%ED%A0%80', '%00', '..', '%2F', '%252F', ''),
      )
      .map((id) => `${API}/appointments/${id}/${action}`);
  return [
    get(
      'GET /slots',
      `${API}/slots`,
      fc
        .oneof(pairsOf({ date: calendarDay }), pairsOf({ from: instant, to: instant }))
        .chain((when) =>
          fc
            .subarray([['status', 'available'] as [string, string], ['providerId', 'dr-lee'] as [string, string]])
            .map((filters) => [...when, ...filters]),
        ),
    ),
    jsonPost('POST /slots/hold', fc.constant(`${API}/slots/hold`), { slotId, phoneNumber }),
    jsonPost('POST /appointments/confirm', fc.constant(`${API}/appointments/confirm`), { slotId, phoneNumber }),
    get('GET /appointments', `${API}/appointments`, pairsOf({ phoneNumber })),
    jsonPost('POST /appointments/:id/cancel', appointmentPath('cancel'), { phoneNumber }),
    jsonPost('POST /appointments/:id/reschedule', appointmentPath('reschedule'), { phoneNumber, newSlotId: slotId }),
    jsonPost('POST /chat', fc.constant(`${API}/chat`), {
      phoneNumber,
      message: patientText,
    }),
    get('GET /staff-callbacks', `${API}/staff-callbacks`, fc.constant([])),
    jsonPost('POST /staff-callbacks/resolve', fc.constant(`${API}/staff-callbacks/resolve`), { phoneNumber }),
    get('GET /healthz', `${API}/healthz`, fc.constant([])),
  ];
}

/** What a form decodes to, each name with all its values: what Twilio signs. */
function formParams(raw: string): Record<string, string[]> {
  const form = new URLSearchParams(raw);
  return Object.fromEntries([...new Set(form.keys())].map((name) => [name, form.getAll(name)]));
}

function twilioPost(
  targets: FuzzTargets,
  route: string,
  path: fc.Arbitrary<string>,
  known: Record<string, fc.Arbitrary<string>>,
): [string, fc.Arbitrary<FuzzRequest>] {
  const extras = ['To', 'AccountSid', 'From[x]', 'From.x', 'From[]', 'Body[0]', '__proto__', 'toString', ''];
  const form = fc.tuple(
    brokenPairs(pairsOf(known), extras),
    fc.oneof({ weight: 6, arbitrary: fc.constant('encoded') }, fc.constantFrom('broken escapes', 'garbled')),
    contentType(FORM_TYPE),
  );
  // Twilio never posts JSON; a JSON body is signed as the empty form it is taken for.
  const body = fc.oneof(
    {
      weight: 8,
      arbitrary: form.map(([pairs, how, type]) => ({ raw: encodeForm(pairs, how), type, signedAs: undefined })),
    },
    fields(known).map((fields) => ({ raw: JSON.stringify(fields), type: JSON_TYPE, signedAs: '' })),
  );
  const signing = fc.oneof(
    { weight: 6, arbitrary: fc.constant('signed') },
    fc.constantFrom('unsigned', 'forged', 'for another URL'),
  );
  const request = fc.tuple(path, body, signing).map(([p, { raw, type, signedAs }, how]): FuzzRequest => {
    const url = `${targets.twilio.publicBaseUrl}${p}${how === 'for another URL' ? '?x=1' : ''}`;
    const signature = twilio.getExpectedTwilioSignature(targets.twilio.authToken, url, formParams(signedAs ?? raw));
    const signed: Record<string, string> = { signed: signature, 'for another URL': signature, forged: 'Zm9yZ2Vk' };
    return {
      route,
      method: 'POST',
      path: p,
      headers: headers(type, '', how in signed ? { 'X-Twilio-Signature': signed[how]! } : {}),
      body: Buffer.from(raw),
    };
  });
  return [route, request];
}

/** A form as text: percent-encoded, or with `%` left as it is, or with garbage pairs after it. */
function encodeForm(pairs: Pairs, how: string): string {
  const keep = how === 'broken escapes' ? /[A-Za-z0-9\-._~%]/ : undefined;
  const raw = pairs.map(([k, v]) => `${percentEncode(k, keep)}=${percentEncode(v, keep)}`).join('&');
  return how === 'garbled' ? `${raw}&%&%zz=%E0%A4%A&=&&From` : raw;
}

function twilioRoutes(targets: FuzzTargets): Routes {
  const callSid = fc.constantFrom(`CA${'a'.repeat(32)}`, `CA${'b'.repeat(32)}`);
  const messageSid = fc.nat().map((n) => `SM${String(n).padStart(32, '0')}`);
  return [
    twilioPost(targets, 'POST /sms/webhook', fc.constant(`${API}/sms/webhook`), {
      MessageSid: messageSid,
      From: phoneNumber,
      To: fc.constant(CLINIC_NUMBER),
      Body: patientText,
    }),
    twilioPost(
      targets,
      'POST /voice/webhook',
      fc.constantFrom(
        `${API}/voice/webhook`,
        `${API}/voice/webhook?fallback=1`,
        `${API}/voice/webhook?fallback=1&fallback=2`,
      ),
      { CallSid: callSid, From: phoneNumber, To: fc.constant(CLINIC_NUMBER) },
    ),
    twilioPost(targets, 'POST /voice/gather', fc.constant(`${API}/voice/gather`), {
      CallSid: callSid,
      From: phoneNumber,
      SpeechResult: patientText,
      Digits: fc.constantFrom('0', '1', '#', '*', '12'),
    }),
    twilioPost(targets, 'POST /voice/transfer-ended', fc.constant(`${API}/voice/transfer-ended`), {
      CallSid: callSid,
      From: phoneNumber,
      DialCallStatus: fc.constantFrom('completed', 'answered', 'no-answer', 'busy', 'failed'),
    }),
  ];
}

/** Signs as SNS does; a field of another type than SNS sends is signed as its text, where it has one. */
function signed(signer: SnsSigner, fields: Record<string, unknown>, version: '1' | '2'): Record<string, unknown> {
  try {
    return signer.sign(fields as SnsMessage, version);
  } catch {
    return fields;
  }
}

function snsRoute(targets: FuzzTargets): [string, fc.Arbitrary<FuzzRequest>] {
  const { signer, topicArn, certificateUrl } = targets.sns;
  /** The JSON AWS End User Messaging publishes for an inbound SMS, any field odd or missing. */
  const twoWaySms = fields({
    originationNumber: phoneNumber,
    destinationNumber: fc.constant(CLINIC_NUMBER),
    messageBody: patientText,
    inboundMessageId: fc.uuid(),
  });
  const message = fc.oneof(
    { weight: 4, arbitrary: twoWaySms.chain(jsonBytes).map((bytes) => bytes.toString('utf8')) },
    oddText,
    wrongType.map((value) => JSON.stringify(value) ?? ''),
  );
  const snsUrl = (good: string) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(good) },
      fc.constantFrom(
        good.replace('https:', 'http:'),
        good.replace('amazonaws.com', 'amazonaws.com.evil.example'),
        good.replace('https://', 'https://user:pass@'),
        good.replace('.com/', '.com:8443/'),
        'not a url',
        '',
      ),
    );
  const envelope = fields({
    Type: fc.oneof(
      { weight: 6, arbitrary: fc.constant('Notification') },
      fc.constantFrom('SubscriptionConfirmation', 'UnsubscribeConfirmation', 'notification', ''),
    ),
    MessageId: fc.uuid(),
    TopicArn: fc.oneof({ weight: 6, arbitrary: fc.constant(topicArn) }, fc.constant(`${topicArn}-other`)),
    Message: message,
    Timestamp: fc.constantFrom('2026-03-02T13:00:00.000Z', '9999-12-31T23:59:59.999Z', 'yesterday'),
    SigningCertURL: snsUrl(certificateUrl),
    SubscribeURL: snsUrl(
      `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=t`,
    ),
    Token: fc.constant('2336412f37fb687f5d51e6e2425c464de12884d4'),
    Subject: fc.constantFrom('two-way SMS', ''),
  });
  const signings: Record<string, (fields: Record<string, unknown>) => Record<string, unknown>> = {
    'version 1': (fields) => signed(signer, fields, '1'),
    'version 2': (fields) => signed(signer, fields, '2'),
    unsigned: (fields) => fields,
    'bad signature': (fields) => ({ ...signed(signer, fields, '2'), Signature: '!!not base64' }),
    'version 3': (fields) => ({ ...signed(signer, fields, '2'), SignatureVersion: '3' }),
  };
  const signing = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('version 1', 'version 2') },
    fc.constantFrom(...Object.keys(signings)),
  );
  const request = fc.tuple(envelope, signing, contentType('text/plain; charset=UTF-8')).chain(([fields, how, type]) =>
    jsonBytes(signings[how]!(fields)).map(
      (body): FuzzRequest => ({
        route: 'POST /sns/webhook',
        method: 'POST',
        path: `${API}/sns/webhook`,
        headers: headers(type),
        body,
      }),
    ),
  );
  return ['POST /sns/webhook', request];
}

const ROUTE_PATHS = [
  '/slots',
  '/slots/hold',
  '/appointments',
  '/appointments/confirm',
  '/appointments/x/cancel',
  '/appointments/x/reschedule',
  '/chat',
  '/staff-callbacks',
  '/staff-callbacks/resolve',
  '/healthz',
  '/sms/webhook',
  '/voice/webhook',
  '/voice/gather',
  '/voice/transfer-ended',
  '/voice/stream',
  '/sns/webhook',
].map((path) => `${API}${path}`);

/** Paths nothing serves, and methods the routes do not take. */
function strayRoute(): [string, fc.Arbitrary<FuzzRequest>] {
  const route = 'other paths and methods';
  const path = fc.oneof(
    fc.constantFrom(...ROUTE_PATHS),
    fc.constantFrom(
      '/',
      API,
      `${API}/`,
      '/api/v2/slots',
      `${API}/SLOTS`,
      `${API}/slots/`,
      `${API}//slots`,
      `${API}/appointments//cancel`,
      `${API}/../${API}/healthz`,
      `${API}/slots%00`,
      `${API}/%`,
      `${API}/%E0%A4%A`,
      `/${'a'.repeat(8_000)}`,
      '/favicon.ico',
    ),
    oddText.map((text) => `${API}/${percentEncode(text)}`),
  );
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND');
  const body = fc.option(fc.constantFrom('{}', '{"a":', 'a=b'), { freq: 2 });
  const request = fc.tuple(method, path, body).map(
    ([m, p, b]): FuzzRequest => ({
      route,
      method: m,
      path: p,
      headers: b === null ? {} : headers(b.startsWith('{') ? JSON_TYPE : FORM_TYPE),
      ...(b === null ? {} : { body: Buffer.from(b) }),
    }),
  );
  return [route, request];
}

/** How a request shows in a counterexample: its start line, headers and body as text, long runs cut. */
export function shown({ method, path, headers, body }: FuzzRequest): string {
  const cut = (text: string) =>
    text.replace(/(.)\1{40,}/gsu, (run, char: string) => `${char.repeat(8)}…×${run.length}`);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`${method} ${cut(path)}`, ...lines, '', cut(body?.toString('utf8') ?? '')].join('\n');
}

/** Every route's requests, by the route's name. */
export function fuzzRoutes(targets: FuzzTargets): Map<string, fc.Arbitrary<FuzzRequest>> {
  const routes = [...restRoutes(targets), ...twilioRoutes(targets), snsRoute(targets), strayRoute()];
  return new Map(
    routes.map(([route, requests]) => [
      route,
      requests.map((request) => Object.assign(request, { [fc.toStringMethod]: () => shown(request) })),
    ]),
  );
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends these bytes with these headers (fetch would add and change some), each on its own connection. */
export function send(baseUrl: string, fuzz: FuzzRequest, apiToken?: string): Promise<FuzzAnswer> {
  return new Promise((resolve, reject) => {
    const length = String(fuzz.body?.length ?? 0);
    // The API's own token, where the server is set up as a clinic exposes it: the requests reach past it.
    const bearer = apiToken ? { Authorization: `Bearer ${apiToken}` } : {};
    const req = request(
      `${baseUrl}${fuzz.path}`,
      { method: fuzz.method, headers: { ...bearer, ...fuzz.headers, 'Content-Length': length, Connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(fuzz.body);
  });
}

/** What is wrong with an answer, if anything: a 5xx, or a refusal not in the API's `{ error: { code, message, requestId } }`. */
export function faultOf(fuzz: FuzzRequest, answer: FuzzAnswer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status < 400 || fuzz.method === 'HEAD') return undefined;
  if (!answer.contentType.startsWith(JSON_TYPE)) return `answered ${answer.status} as ${answer.contentType}, not JSON`;
  let body: { error?: { code?: unknown; message?: unknown } };
  try {
    body = JSON.parse(answer.text);
  } catch {
    return `answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 200)}`;
  }
  const { error } = body;
  const shaped =
    Object.keys(body).join() === 'error' &&
    typeof error === 'object' &&
    error !== null &&
    Object.keys(error).sort().join() === 'code,message,requestId' &&
    typeof (error as { requestId?: unknown }).requestId === 'string' &&
    typeof error.code === 'string' &&
    typeof error.message === 'string' &&
    error.code !== '' &&
    error.message !== '';
  return shaped
    ? undefined
    : `answered ${answer.status} with ${answer.text.slice(0, 200)}: not { error: { code, message } }`;
}
