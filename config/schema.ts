import * as t from 'io-ts';
import { integerFromString, nonEmptyString, phoneNumber, refine } from './codecs.js';

/** The Gemini API versions the SDK speaks. */
export const GEMINI_API_VERSIONS = ['v1', 'v1beta', 'v1alpha'] as const;

const unsetOr = <A>(codec: t.Type<A, A, unknown>) => t.union([t.undefined, codec], `${codec.name}, or unset`);
const sid = (prefix: string, what: string) =>
  refine(`${what}: ${prefix} followed by 32 hex digits`, t.string, (s) =>
    new RegExp(`^${prefix}[0-9a-f]{32}$`).test(s),
  );

const LOG_LEVELS = { fatal: null, error: null, warn: null, info: null, debug: null, trace: null, silent: null };

/** Every environment variable the server reads, already defaulted. */
export const EnvironmentSchema = t.type({
  PORT: integerFromString(0, 65535),
  HOST: nonEmptyString('a host name or IP address to listen on'),
  STORAGE: t.keyof({ memory: null, sqlite: null, dynamodb: null }, 'one of memory, sqlite, dynamodb'),
  SQLITE_PATH: nonEmptyString('a file path for the SQLite database'),
  API_TOKEN: t.union(
    [t.undefined, refine('a token of at least 16 characters', t.string, (s) => s.length >= 16)],
    'a token of at least 16 characters, or unset',
  ),
  DYNAMODB_TABLE_PREFIX: refine('a table name prefix of at most 200 letters, digits, _ - or .', t.string, (s) =>
    /^[A-Za-z0-9_.-]{0,200}$/.test(s),
  ),
  DYNAMODB_ENDPOINT: t.union(
    [
      t.undefined,
      refine('an http(s) URL such as http://127.0.0.1:8000', t.string, (s) => /^https?:\/\/[^\s/]+/.test(s)),
    ],
    'an http(s) URL such as http://127.0.0.1:8000, or unset',
  ),
  PUBLIC_BASE_URL: t.union(
    [
      t.undefined,
      refine('an https URL such as https://clinic.example.com', t.string, (s) =>
        /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(s),
      ),
    ],
    'the public https URL Twilio calls, or unset',
  ),
  TWILIO_AUTH_TOKEN: t.union([t.undefined, nonEmptyString('the Twilio auth token')], 'the Twilio auth token, or unset'),
  TWILIO_WEBHOOKS: t.keyof({ signed: null, 'unsigned-local': null }, 'one of signed, unsigned-local'),
  SMS_REPLY_DEADLINE_MS: integerFromString(1000, 14000),
  GEMINI_API_KEY: t.union(
    [t.undefined, nonEmptyString('a Gemini API key')],
    'a Gemini API key, or unset to answer with the offline model',
  ),
  GEMINI_MODEL: nonEmptyString('a Gemini model name such as gemini-2.0-flash'),
  GOOGLE_GEMINI_BASE_URL: t.union(
    [
      t.undefined,
      refine('an http(s) URL such as http://127.0.0.1:8080', t.string, (s) => /^https?:\/\/[^\s/]+/.test(s)),
    ],
    'an http(s) URL such as http://127.0.0.1:8080, or unset',
  ),
  GEMINI_API_VERSION: t.keyof(
    Object.fromEntries(GEMINI_API_VERSIONS.map((version) => [version, null])) as Record<
      (typeof GEMINI_API_VERSIONS)[number],
      null
    >,
    `one of ${GEMINI_API_VERSIONS.join(', ')}`,
  ),
  GEMINI_TIMEOUT_MS: integerFromString(100, 120_000),
  GEMINI_LIVE_MODEL: nonEmptyString('a Gemini Live model name'),
  GEMINI_LIVE_VOICE: unsetOr(
    refine("one of Gemini's prebuilt voice names, such as Kore", t.string, (s) => /^[A-Z][a-z]+$/.test(s)),
  ),
  GEMINI_LIVE_CONNECT_TIMEOUT_MS: integerFromString(500, 60_000),
  GEMINI_LIVE_INPUT_RATE: t.keyof({ '8000': null, '16000': null }, 'one of 8000, 16000'),
  VOICE_SILENCE_SECONDS: integerFromString(3, 120),
  SHUTDOWN_GRACE_SECONDS: integerFromString(0, 3600),
  CALL_DRAIN_SECONDS: integerFromString(0, 3600),
  VOICE_MAX_CALLS: integerFromString(1, 100_000),
  VOICE_AUDIO_CHUNK_MS: integerFromString(20, 200),
  WORKERS: t.union([t.undefined, integerFromString(1, 1024)], 'an integer from 1 to 1024, or unset'),
  FRONT_DESK_NUMBER: unsetOr(phoneNumber),
  STAFF_ALERT_NUMBER: unsetOr(phoneNumber),
  MESSAGING_PROVIDER: t.keyof({ console: null, twilio: null, sns: null }, 'one of console, twilio, sns'),
  TWILIO_ACCOUNT_SID: unsetOr(sid('AC', 'a Twilio account SID')),
  TWILIO_API_KEY_SID: unsetOr(sid('SK', 'a Twilio API key SID')),
  TWILIO_API_KEY_SECRET: unsetOr(nonEmptyString('the Twilio API key secret')),
  TWILIO_FROM_NUMBER: unsetOr(phoneNumber),
  TWILIO_MESSAGING_SERVICE_SID: unsetOr(sid('MG', 'a Twilio Messaging Service SID')),
  TWILIO_WHATSAPP_FROM: unsetOr(phoneNumber),
  SNS_SENDER_ID: unsetOr(
    refine('a sender ID of 1 to 11 letters and digits, one letter at least', t.string, (s) =>
      /^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(s),
    ),
  ),
  SNS_ORIGINATION_NUMBER: unsetOr(phoneNumber),
  SNS_TOPIC_ARN: unsetOr(
    refine('an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:clinic-sms', t.string, (s) =>
      /^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(s),
    ),
  ),
  MAX_HOLDS_PER_PATIENT: integerFromString(1, 1000),
  MAX_APPOINTMENTS_PER_PATIENT: integerFromString(1, 1000),
  MESSAGES_PER_PATIENT_PER_MINUTE: integerFromString(1, 10_000),
  FAILED_AUTH_PER_ADDRESS_PER_MINUTE: integerFromString(1, 10_000),
  STAFF_SESSION_HOURS: integerFromString(1, 720),
  STAFF_SESSION_IDLE_MINUTES: integerFromString(1, 1440),
  REMINDER_LEAD_HOURS: integerFromString(1, 168),
  OUTBOX_POLL_MS: integerFromString(0, 3_600_000),
  CONSOLE_POLL_MS: integerFromString(100, 60_000),
  LOG_LEVEL: t.keyof(LOG_LEVELS, `one of ${Object.keys(LOG_LEVELS).join(', ')}`),
  CLINIC_CONFIG: nonEmptyString('a path to the clinic JSON file'),
});

export const ENVIRONMENT_DEFAULTS = {
  PORT: '3000',
  HOST: '127.0.0.1',
  STORAGE: 'sqlite',
  SQLITE_PATH: './data/clinic.sqlite',
  DYNAMODB_TABLE_PREFIX: 'clinic-',
  SMS_REPLY_DEADLINE_MS: '10000',
  TWILIO_WEBHOOKS: 'signed',
  GEMINI_MODEL: 'gemini-2.0-flash',
  MESSAGING_PROVIDER: 'console',
  // One patient, by any channel: a few times to choose between, a few visits ahead; never a week's slots.
  MAX_HOLDS_PER_PATIENT: '3',
  MAX_APPOINTMENTS_PER_PATIENT: '3',
  // Texts, chat messages and call turns from one number: about one every 3 s, more than anyone types or says.
  MESSAGES_PER_PATIENT_PER_MINUTE: '20',
  // Twilio, SNS and an integrator with the right credentials never fail; a misconfigured one is told soon.
  FAILED_AUTH_PER_ADDRESS_PER_MINUTE: '10',
  // A console session lasts a working day, and ends on a desk left for half an hour.
  STAFF_SESSION_HOURS: '12',
  STAFF_SESSION_IDLE_MINUTES: '30',
  REMINDER_LEAD_HOURS: '24',
  OUTBOX_POLL_MS: '2000',
  // A console shows another desk's booking within about a second, at one slot read a second per clinic watched.
  CONSOLE_POLL_MS: '1000',
  GEMINI_TIMEOUT_MS: '10000',
  // Where Gemini documents the Live API and serves its preview native-audio models; the SDK itself
  // defaults to v1 since 3.0, so it is always set.
  GEMINI_API_VERSION: 'v1beta',
  // Gemini 2.5 Flash with native audio, which the Gemini API recommends in place of the retired half-cascade models.
  GEMINI_LIVE_MODEL: 'gemini-2.5-flash-native-audio-preview-12-2025',
  GEMINI_LIVE_CONNECT_TIMEOUT_MS: '5000',
  // The telephone's own rate: Gemini Live resamples what it is sent, so 16 kHz would only be twice the bytes.
  GEMINI_LIVE_INPUT_RATE: '8000',
  VOICE_SILENCE_SECONDS: '12',
  // Past Twilio's 15 s webhook timeout and the model's own, and inside the 45 s a service manager is given.
  SHUTDOWN_GRACE_SECONDS: '25',
  CALL_DRAIN_SECONDS: '30',
  // What one process carried with every frame on time on a 2-core VM (BENCHMARKS.md, voice capacity).
  VOICE_MAX_CALLS: '150',
  // One message per frame as Twilio sends them; longer chunks cost the server less (BENCHMARKS.md, voice capacity).
  VOICE_AUDIO_CHUNK_MS: '60',
  LOG_LEVEL: 'info',
  CLINIC_CONFIG: 'config/clinic.json',
} as const;
