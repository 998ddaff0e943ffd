import type { AppConfig } from '../../config/load-config.js';
import type { Overrides } from '../../src/container.js';
import type { Clinic } from '../../src/domain/clinic.js';
import type { PatientLimits } from '../../src/domain/patient-limits.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { CallControl } from '../../src/ports/call-control.js';
import type { LanguageModel } from '../../src/ports/language-model.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Messenger } from '../../src/ports/messenger.js';
import type { CallerSampleRate, VoiceModel } from '../../src/ports/voice-model.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { DEFAULT_PATIENT_LIMITS } from './booking-use-cases.js';
import { aClinic } from './clinic-builder.js';
import { FixedClock } from './fixed-clock.js';
import { MONDAY_8AM } from './times.js';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** TWILIO_WEBHOOKS=unsigned-local: for tests that post Twilio's webhooks unsigned, as on a developer's machine. */
export const UNSIGNED_LOCAL_WEBHOOKS: AppConfig['twilio'] = { webhooks: 'unsigned-local' };

export interface TestServer extends RunningServer {
  clock: FixedClock;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
}

export interface TestServerOptions {
  clinic?: Clinic;
  store?: BookingStore;
  apiToken?: string;
  storage?: AppConfig['storage'];
  sqlitePath?: string;
  host?: string;
  languageModel?: LanguageModel;
  messenger?: Messenger;
  twilio?: AppConfig['twilio'];
  smsReplyDeadlineMs?: number;
  /** How long a close waits for requests in flight: the server's default, 25 s, unless a test needs another. */
  shutdownGraceMs?: number;
  logger?: Logger;
  voiceSilenceMs?: number;
  callDrainMs?: number;
  voiceMaxCalls?: number;
  /** Audio per message to the model and at most per media message to Twilio; 20 ms (one frame) unless set. */
  voiceAudioChunkMs?: number;
  /** The rate the caller's audio is sent to Gemini Live at (GEMINI_LIVE_INPUT_RATE); its default unless set. */
  callerSampleRate?: CallerSampleRate;
  frontDesk?: PhoneNumber;
  /** Where hand-offs are texted to staff; unset, they wait on the callback list alone. */
  staffAlertNumber?: PhoneNumber;
  voiceModel?: VoiceModel;
  callControl?: CallControl;
  /** The outbox is not dispatched unless a test asks for it. */
  outboxPollMs?: number;
  /** Mounts the SNS webhook for this topic, with the test's own certificates (`snsHttps`). */
  snsTopicArn?: string;
  snsHttps?: Overrides['snsHttps'];
  /** The server's defaults (3 holds, 3 appointments) unless a test needs more. */
  patientLimits?: PatientLimits;
  /** The server's default, 20, unless a test needs another. */
  messagesPerPatientPerMinute?: number;
  /** PUBLIC_BASE_URL: what a request may name as its host, besides loopback; https makes the session cookie Secure. */
  publicBaseUrl?: string;
  /** How often the slots live-update streams watch are read: the server's default, 1000, unless a test needs another. */
  consolePollMs?: number;
}

/**
 * Every error body must carry the request's id, the one in X-Request-Id: checked here for every
 * request a test sends, then taken out so tests compare what is particular to them.
 */
export function withoutRequestId(body: any, response: Response): any {
  if (typeof body?.error !== 'object' || body.error === null) return body;
  const { requestId, ...error } = body.error;
  const header = response.headers.get('X-Request-Id');
  if (!header || requestId !== header) throw new Error(`error body: requestId ${requestId}, X-Request-Id ${header}`);
  return { ...body, error };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const clock = new FixedClock(MONDAY_8AM);
  const config: AppConfig = {
    port: 0,
    host: options.host ?? '127.0.0.1',
    storage: options.storage ?? 'memory',
    sqlitePath: options.sqlitePath ?? ':memory:',
    dynamodb: { tablePrefix: 'clinic-' },
    twilio: { ...options.twilio, ...(options.publicBaseUrl ? { publicBaseUrl: options.publicBaseUrl } : {}) },
    messaging: { provider: 'console' },
    voice: {
      silenceMs: options.voiceSilenceMs ?? 12_000,
      maxCalls: options.voiceMaxCalls ?? 150,
      ...(options.voiceAudioChunkMs ? { audioChunkMs: options.voiceAudioChunkMs } : {}),
      ...(options.callDrainMs === undefined ? {} : { drainMs: options.callDrainMs }),
      ...(options.frontDesk ? { frontDesk: options.frontDesk } : {}),
    },
    notifications: { reminderLeadMs: 24 * 3_600_000, pollMs: options.outboxPollMs ?? 0 },
    patientLimits: options.patientLimits ?? DEFAULT_PATIENT_LIMITS,
    rateLimits: {
      messagesPerPatientPerMinute: options.messagesPerPatientPerMinute ?? 20,
      failedAuthPerAddressPerMinute: 10,
    },
    staffSessions: { lifetimeMs: 12 * 3_600_000, idleMs: 30 * 60_000 },
    smsReplyDeadlineMs: options.smsReplyDeadlineMs ?? 10_000,
    shutdownGraceMs: options.shutdownGraceMs ?? 25_000,
    workers: 1,
    logLevel: 'silent',
    clinic: options.clinic ?? aClinic(),
    ...(options.apiToken ? { apiToken: options.apiToken } : {}),
    ...(options.snsTopicArn ? { snsTopicArn: options.snsTopicArn } : {}),
    ...(options.staffAlertNumber ? { staffAlertNumber: options.staffAlertNumber } : {}),
    ...(options.consolePollMs ? { consolePollMs: options.consolePollMs } : {}),
  };
  const server = await startServer(config, {
    clock,
    logger: options.logger ?? silentLogger,
    ...(options.languageModel ? { languageModel: options.languageModel } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.messenger ? { messenger: options.messenger } : {}),
    ...(options.voiceModel ? { voiceModel: options.voiceModel } : {}),
    ...(options.callControl ? { callControl: options.callControl } : {}),
    ...(options.snsHttps ? { snsHttps: options.snsHttps } : {}),
  });
  return {
    ...server,
    clock,
    async request(method, path, body, headers = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? withoutRequestId(JSON.parse(text), response) : undefined };
    },
  };
}
