import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { Clinic } from '../src/domain/clinic.js';
import type { PatientLimits } from '../src/domain/patient-limits.js';
import type { PhoneNumber } from '../src/domain/phone-number.js';
import { ClinicDocument } from './clinic-document.js';
import { describeErrors } from './describe-errors.js';
import { parseJson } from './json-text.js';
import { ENVIRONMENT_DEFAULTS, EnvironmentSchema } from './schema.js';

export interface AppConfig {
  port: number;
  host: string;
  storage: 'memory' | 'sqlite' | 'dynamodb';
  sqlitePath: string;
  dynamodb: { tablePrefix: string; endpoint?: string };
  apiToken?: string;
  logLevel: string;
  clinic: Clinic;
  /**
   * `webhooks`: `signed` (the default) takes a Twilio webhook only with a valid signature;
   * `unsigned-local` (TWILIO_WEBHOOKS) takes them unsigned, for trying them on one's own machine.
   */
  twilio: { authToken?: string; publicBaseUrl?: string; webhooks?: 'signed' | 'unsigned-local' };
  smsReplyDeadlineMs: number;
  /** On SIGTERM or SIGINT, how long requests in flight may take to be answered before they are cut. */
  shutdownGraceMs: number;
  /** Server processes on this machine, each with its own call seats: one per core unless WORKERS says. */
  workers: number;
  /** Set when GEMINI_API_KEY is: the receptionist then talks through Gemini, the offline model standing by. */
  gemini?: { text: GeminiTextSettings; live: GeminiLiveSettings };
  /**
   * `drainMs`: on shutdown, how long calls in progress may go on before they are cut (0 or unset: not at all).
   * `maxCalls`: calls bridged live at once; the next ones get the speech IVR.
   * `audioChunkMs`: the caller's audio goes to the model in chunks this long, and the model's to the
   *   caller in media messages of up to this long (20 when unset: one per frame).
   * `frontDesk`: where live callers who ask for a person are put through, while the clinic is open.
   */
  voice: { silenceMs: number; drainMs?: number; maxCalls: number; audioChunkMs?: number; frontDesk?: PhoneNumber };
  /** Who sends patients their texts: the log (the default), Twilio or SNS. */
  messaging:
    | { provider: 'console' }
    | { provider: 'twilio'; twilio: TwilioSendingSettings }
    | { provider: 'sns'; sns: SnsSendingSettings };
  /** A mobile staff read: each hand-off to staff is texted there, urgent ones marked so. */
  staffAlertNumber?: PhoneNumber;
  /** When set, two-way SMS arrives from this SNS topic at /api/v1/sns/webhook. */
  snsTopicArn?: string;
  /** Reminders go out this long before a visit; the outbox is polled this often (0: never, on this server). */
  notifications: { reminderLeadMs: number; pollMs: number };
  /** How often the slots staff consoles watch are read for changes (1000 when unset). */
  consolePollMs?: number;
  /** How many live holds and upcoming appointments one patient may have. */
  patientLimits: PatientLimits;
  /**
   * Per server: messages (texts, chat, call turns) one patient may send a minute, and requests failing
   * authentication one client address may make a minute before they are answered 429.
   */
  rateLimits: { messagesPerPatientPerMinute: number; failedAuthPerAddressPerMinute: number };
  /** How long a staff member's console session lasts: from sign-in, and from its last use. */
  staffSessions: { lifetimeMs: number; idleMs: number };
  /** The AWS region the SDK finds in the environment, if any: SNS cannot send without one. */
  awsRegion?: string;
}

/** How both Gemini models reach the Gemini API. */
interface GeminiEndpoint {
  apiKey: string;
  /** Another server speaking Gemini's protocol: a proxy, or a fake in tests. */
  baseUrl?: string;
  apiVersion: string;
}

interface GeminiTextSettings extends GeminiEndpoint {
  model: string;
  /** For each attempt at an answer. */
  timeoutMs: number;
}

interface GeminiLiveSettings extends GeminiEndpoint {
  model: string;
  /** For each connection, from opening the socket to Gemini's setupComplete. */
  connectTimeoutMs: number;
  /** One of Gemini's prebuilt voices; Gemini picks one when unset. */
  voiceName?: string;
  /** The caller's audio goes to Gemini in chunks this long; unset, each 20 ms frame on its own, as Twilio sends it. */
  audioChunkMs?: number;
  /** The rate the caller's audio is sent at: the telephone's 8 kHz, or resampled to 16 kHz here. */
  callerSampleRate: 8_000 | 16_000;
}

interface TwilioSendingSettings {
  accountSid: string;
  /** The account's auth token, or an API key and its secret, which can be revoked on their own. */
  credentials: { authToken: string } | { apiKeySid: string; apiKeySecret: string };
  fromNumber?: string;
  messagingServiceSid?: string;
  whatsappFrom?: string;
}

interface SnsSendingSettings {
  senderId?: string;
  originationNumber?: string;
}

type Settings = t.TypeOf<typeof EnvironmentSchema>;

function messagingProblems(settings: Settings): string[] {
  if (settings.MESSAGING_PROVIDER !== 'twilio') return [];
  // The auth token, which sending may do without (an API key), is asked for by exposureProblems: webhooks need it.
  const problems: string[] = [];
  if (!settings.TWILIO_ACCOUNT_SID)
    problems.push('TWILIO_ACCOUNT_SID: expected the account SID (AC…) while MESSAGING_PROVIDER=twilio');
  if (!settings.TWILIO_FROM_NUMBER && !settings.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push(
      'TWILIO_FROM_NUMBER: expected the number texts are sent from, or TWILIO_MESSAGING_SERVICE_SID, while MESSAGING_PROVIDER=twilio',
    );
  }
  return problems;
}

function messagingFrom(settings: Settings): AppConfig['messaging'] {
  switch (settings.MESSAGING_PROVIDER) {
    case 'console':
      return { provider: 'console' };
    case 'twilio': {
      const { TWILIO_API_KEY_SID: apiKeySid, TWILIO_API_KEY_SECRET: apiKeySecret } = settings;
      return {
        provider: 'twilio',
        twilio: {
          accountSid: settings.TWILIO_ACCOUNT_SID!,
          // An API key, when given, is preferred: it can be revoked without touching the webhooks' auth token.
          credentials:
            apiKeySid && apiKeySecret ? { apiKeySid, apiKeySecret } : { authToken: settings.TWILIO_AUTH_TOKEN! },
          ...(settings.TWILIO_FROM_NUMBER ? { fromNumber: settings.TWILIO_FROM_NUMBER } : {}),
          ...(settings.TWILIO_MESSAGING_SERVICE_SID
            ? { messagingServiceSid: settings.TWILIO_MESSAGING_SERVICE_SID }
            : {}),
          ...(settings.TWILIO_WHATSAPP_FROM ? { whatsappFrom: settings.TWILIO_WHATSAPP_FROM } : {}),
        },
      };
    }
    case 'sns':
      return {
        provider: 'sns',
        sns: {
          ...(settings.SNS_SENDER_ID ? { senderId: settings.SNS_SENDER_ID } : {}),
          ...(settings.SNS_ORIGINATION_NUMBER ? { originationNumber: settings.SNS_ORIGINATION_NUMBER } : {}),
        },
      };
  }
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\]|localhost)$/i;

const isLoopback = (host: string) => LOOPBACK.test(host);

/** The settings that make the server reachable from beyond this machine, as `NAME` or `NAME=value`. */
function exposedBy(settings: Settings): string[] {
  return [
    ...(isLoopback(settings.HOST) ? [] : [`HOST=${settings.HOST}`]),
    ...(settings.PUBLIC_BASE_URL ? ['PUBLIC_BASE_URL'] : []),
    ...(settings.SNS_TOPIC_ARN ? ['SNS_TOPIC_ARN'] : []),
    ...(settings.MESSAGING_PROVIDER === 'console' ? [] : [`MESSAGING_PROVIDER=${settings.MESSAGING_PROVIDER}`]),
  ];
}

const whileSet = (names: string[]) => `while ${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} set`;

/**
 * A server others can reach keeps no door open: the API wants its token, Twilio's webhooks their
 * signature, and unsigned webhooks are refused whatever the setting. Only a server on loopback with
 * none of these settings, a developer's, may go without.
 */
function exposureProblems(settings: Settings): string[] {
  const exposure = exposedBy(settings);
  const problems: string[] = [];
  if (!settings.API_TOKEN && !isLoopback(settings.HOST)) {
    problems.push(
      `HOST: expected a loopback address (127.0.0.1, ::1, localhost) while API_TOKEN is unset; set API_TOKEN to serve ${settings.HOST}`,
    );
  }
  const beyondHost = exposure.filter((name) => !name.startsWith('HOST='));
  if (!settings.API_TOKEN && beyondHost.length > 0) {
    problems.push(
      `API_TOKEN: expected a token of at least 16 characters (make one with: openssl rand -hex 32) ${whileSet(beyondHost)}, as the API is then reachable from beyond this machine`,
    );
  }
  const twilio = exposure.filter((name) => name === 'PUBLIC_BASE_URL' || name === 'MESSAGING_PROVIDER=twilio');
  if (!settings.TWILIO_AUTH_TOKEN && twilio.length > 0) {
    problems.push(
      `TWILIO_AUTH_TOKEN: expected the Twilio account's auth token (Twilio Console, Account Info) ${whileSet(twilio)}, to check the signature of every Twilio webhook`,
    );
  }
  if (settings.TWILIO_WEBHOOKS === 'unsigned-local' && exposure.length > 0) {
    problems.push(
      `TWILIO_WEBHOOKS: expected signed ${whileSet(exposure)}: unsigned-local takes texts and calls from anyone, as any patient, and is for a server on your own machine only`,
    );
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function readClinic(path: string): { clinic?: Clinic; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { problems: [`CLINIC_CONFIG: expected a readable clinic JSON file at ${path}, but it cannot be read`] };
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return { problems: [`CLINIC_CONFIG: expected valid JSON in ${path}, but ${parsed.error}`] };
  const decoded = ClinicDocument.decode(withFileDefaults(parsed.value));
  if (isLeft(decoded)) return { problems: describeErrors(decoded.left, 'clinic') };
  return { clinic: decoded.right, problems: [] };
}

/** Clinic files from before a deployment served many clinics name none of these: each is then the one clinic, `default`. */
const FILE_DEFAULTS = { id: 'default', locale: 'en-US', numbers: [] };

const withFileDefaults = (raw: unknown) =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...FILE_DEFAULTS, ...raw } : raw;

/**
 * Reads the environment over the defaults and the clinic file, and reports every bad key at once
 * so a clinic fixes its configuration in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv, projectRoot: string): AppConfig {
  const merged = { ...ENVIRONMENT_DEFAULTS, ...definedOnly(env) };
  const decoded = EnvironmentSchema.decode(merged);
  if (isLeft(decoded)) {
    const problems = describeErrors(decoded.left);
    if (!problems.some((p) => p.startsWith('CLINIC_CONFIG')))
      problems.push(...readClinic(resolveFrom(projectRoot, merged.CLINIC_CONFIG)).problems);
    throw new ConfigError(problems);
  }
  const settings = decoded.right;
  const { clinic, problems } = readClinic(resolveFrom(projectRoot, settings.CLINIC_CONFIG));
  problems.push(...exposureProblems(settings));
  if (settings.TWILIO_AUTH_TOKEN && !settings.PUBLIC_BASE_URL) {
    problems.push(
      'PUBLIC_BASE_URL: expected the public URL Twilio calls (e.g. https://clinic.example.com) while TWILIO_AUTH_TOKEN is set: signatures cover it',
    );
  }
  problems.push(...messagingProblems(settings));
  if (settings.STORAGE === 'memory' && settings.WORKERS !== undefined && settings.WORKERS > 1) {
    problems.push('WORKERS: expected 1 while STORAGE=memory: each process would keep bookings of its own');
  }
  if (!clinic || problems.length > 0) throw new ConfigError(problems);
  const awsRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  return {
    port: settings.PORT,
    host: settings.HOST,
    storage: settings.STORAGE,
    sqlitePath: resolve(settings.SQLITE_PATH),
    dynamodb: {
      tablePrefix: settings.DYNAMODB_TABLE_PREFIX,
      ...(settings.DYNAMODB_ENDPOINT ? { endpoint: settings.DYNAMODB_ENDPOINT } : {}),
    },
    ...(settings.API_TOKEN ? { apiToken: settings.API_TOKEN } : {}),
    logLevel: settings.LOG_LEVEL,
    clinic,
    twilio: {
      ...(settings.TWILIO_AUTH_TOKEN ? { authToken: settings.TWILIO_AUTH_TOKEN } : {}),
      ...(settings.PUBLIC_BASE_URL ? { publicBaseUrl: settings.PUBLIC_BASE_URL } : {}),
      webhooks: settings.TWILIO_WEBHOOKS,
    },
    smsReplyDeadlineMs: settings.SMS_REPLY_DEADLINE_MS,
    shutdownGraceMs: settings.SHUTDOWN_GRACE_SECONDS * 1000,
    // Processes share bookings only through a file or DynamoDB: in memory, one process holds them all.
    workers: settings.WORKERS ?? (settings.STORAGE === 'memory' ? 1 : availableParallelism()),
    ...(settings.GEMINI_API_KEY
      ? {
          gemini: geminiFrom(settings, settings.GEMINI_API_KEY),
        }
      : {}),
    messaging: messagingFrom(settings),
    voice: {
      silenceMs: settings.VOICE_SILENCE_SECONDS * 1000,
      drainMs: settings.CALL_DRAIN_SECONDS * 1000,
      maxCalls: settings.VOICE_MAX_CALLS,
      audioChunkMs: settings.VOICE_AUDIO_CHUNK_MS,
      ...(settings.FRONT_DESK_NUMBER ? { frontDesk: settings.FRONT_DESK_NUMBER } : {}),
    },
    notifications: { reminderLeadMs: settings.REMINDER_LEAD_HOURS * 3_600_000, pollMs: settings.OUTBOX_POLL_MS },
    consolePollMs: settings.CONSOLE_POLL_MS,
    patientLimits: {
      maxHolds: settings.MAX_HOLDS_PER_PATIENT,
      maxAppointments: settings.MAX_APPOINTMENTS_PER_PATIENT,
    },
    rateLimits: {
      messagesPerPatientPerMinute: settings.MESSAGES_PER_PATIENT_PER_MINUTE,
      failedAuthPerAddressPerMinute: settings.FAILED_AUTH_PER_ADDRESS_PER_MINUTE,
    },
    staffSessions: {
      lifetimeMs: settings.STAFF_SESSION_HOURS * 3_600_000,
      idleMs: settings.STAFF_SESSION_IDLE_MINUTES * 60_000,
    },
    ...(settings.SNS_TOPIC_ARN ? { snsTopicArn: settings.SNS_TOPIC_ARN } : {}),
    ...(settings.STAFF_ALERT_NUMBER ? { staffAlertNumber: settings.STAFF_ALERT_NUMBER } : {}),
    ...(awsRegion ? { awsRegion } : {}),
  };
}

/** The caller's audio as Twilio streams it: a frame every 20 ms. */
const TWILIO_FRAME_MS = 20;

function geminiFrom(settings: Settings, apiKey: string): NonNullable<AppConfig['gemini']> {
  const endpoint = {
    apiKey,
    apiVersion: settings.GEMINI_API_VERSION,
    ...(settings.GOOGLE_GEMINI_BASE_URL ? { baseUrl: settings.GOOGLE_GEMINI_BASE_URL } : {}),
  };
  return {
    text: { ...endpoint, model: settings.GEMINI_MODEL, timeoutMs: settings.GEMINI_TIMEOUT_MS },
    live: {
      ...endpoint,
      model: settings.GEMINI_LIVE_MODEL,
      connectTimeoutMs: settings.GEMINI_LIVE_CONNECT_TIMEOUT_MS,
      callerSampleRate: settings.GEMINI_LIVE_INPUT_RATE === '16000' ? 16_000 : 8_000,
      ...(settings.VOICE_AUDIO_CHUNK_MS > TWILIO_FRAME_MS ? { audioChunkMs: settings.VOICE_AUDIO_CHUNK_MS } : {}),
      ...(settings.GEMINI_LIVE_VOICE ? { voiceName: settings.GEMINI_LIVE_VOICE } : {}),
    },
  };
}

/**
 * What a clinic should know at start, though the configuration is valid: open doors and texts that
 * go nowhere. Logged as warnings by the server.
 */
export function startupWarnings(config: AppConfig, voiceModel: boolean): string[] {
  const warnings: string[] = [];
  if (!config.apiToken) {
    warnings.push('API_TOKEN is not set: the API is open to anyone who can reach this loopback address');
  }
  if (config.twilio.webhooks === 'unsigned-local') {
    warnings.push(
      'TWILIO_WEBHOOKS=unsigned-local: Twilio webhooks are taken unsigned, from anyone on this machine, as any patient',
    );
  }
  if (voiceModel && !config.twilio.authToken) {
    warnings.push(
      'GEMINI_API_KEY is set but TWILIO_AUTH_TOKEN is not: calls are answered by the speech IVR, as a live stream must be signed by Twilio',
    );
  }
  if (config.messaging.provider === 'console') {
    warnings.push('MESSAGING_PROVIDER=console: patients get no texts; confirmations and reminders are only logged');
  }
  if (config.snsTopicArn && config.messaging.provider === 'console') {
    warnings.push('SNS_TOPIC_ARN is set but MESSAGING_PROVIDER=console: replies to texts are logged, not sent');
  }
  if (!config.staffAlertNumber) {
    warnings.push(
      'STAFF_ALERT_NUMBER is not set: hand-offs to staff, emergencies included, wait on the callback list (GET /api/v1/staff-callbacks) with no text to staff',
    );
  }
  const sns = config.messaging.provider === 'sns' ? 'MESSAGING_PROVIDER=sns' : config.snsTopicArn && 'SNS_TOPIC_ARN';
  if (sns && !config.awsRegion) {
    warnings.push(
      `${sns}: no AWS region (AWS_REGION or AWS_DEFAULT_REGION) is set, so sending through SNS fails at the first text; set AWS_REGION to the topic's region`,
    );
  }
  return warnings;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const keys = Object.keys(EnvironmentSchema.props);
  return Object.fromEntries(
    keys.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]!]),
  );
}

const resolveFrom = (root: string, path: string) => (isAbsolute(path) ? path : resolve(root, path));
