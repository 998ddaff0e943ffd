import 'reflect-metadata';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Container, type ResolutionContext, type ServiceIdentifier } from 'inversify';
import type Koa from 'koa';
import { loadLanguagePacks } from '../config/languages.js';
import { type AppConfig, startupWarnings } from '../config/load-config.js';
import { twilioCallAudio } from './adapters/audio/twilio-call-audio.js';
import { ConsoleMessenger } from './adapters/console/console-messenger.js';
import { DynamoDbBookingStore } from './adapters/dynamodb/dynamodb-booking-store.js';
import { DynamoDbCalendarFeeds } from './adapters/dynamodb/dynamodb-calendar-feeds.js';
import { createDynamoDbClient } from './adapters/dynamodb/dynamodb-client.js';
import { DynamoDbClinicTokens } from './adapters/dynamodb/dynamodb-clinic-tokens.js';
import { DynamoDbClinics } from './adapters/dynamodb/dynamodb-clinics.js';
import { DynamoDbConversationStore } from './adapters/dynamodb/dynamodb-conversation-store.js';
import { DynamoDbOptOuts } from './adapters/dynamodb/dynamodb-opt-outs.js';
import { DynamoDbPatientProfiles } from './adapters/dynamodb/dynamodb-patient-profiles.js';
import { DynamoDbStaffAccounts } from './adapters/dynamodb/dynamodb-staff-accounts.js';
import { DynamoDbStaffCallbacks } from './adapters/dynamodb/dynamodb-staff-callbacks.js';
import { DynamoDbStaffSessions } from './adapters/dynamodb/dynamodb-staff-sessions.js';
import { checkTables } from './adapters/dynamodb/table-check.js';
import { createGeminiLanguageModel } from './adapters/gemini/gemini-language-model.js';
import { createGeminiLiveVoiceModel } from './adapters/gemini/gemini-live-voice-model.js';
import { API_PREFIX, createHttpApp } from './adapters/http/create-http-app.js';
import { LiveStreams } from './adapters/http/live-streams.js';
import { InMemoryBookingStore } from './adapters/memory/in-memory-booking-store.js';
import { InMemoryCalendarFeeds } from './adapters/memory/in-memory-calendar-feeds.js';
import { InMemoryClinicTokens } from './adapters/memory/in-memory-clinic-tokens.js';
import { InMemoryClinics } from './adapters/memory/in-memory-clinics.js';
import { InMemoryConversationStore } from './adapters/memory/in-memory-conversation-store.js';
import { InMemoryOptOuts } from './adapters/memory/in-memory-opt-outs.js';
import { InMemoryPatientProfiles } from './adapters/memory/in-memory-patient-profiles.js';
import { InMemoryStaffAccounts } from './adapters/memory/in-memory-staff-accounts.js';
import { InMemoryStaffCallbacks } from './adapters/memory/in-memory-staff-callbacks.js';
import { InMemoryStaffSessions } from './adapters/memory/in-memory-staff-sessions.js';
import { OfflineLanguageModel } from './adapters/offline/offline-language-model.js';
import { PrometheusMetrics } from './adapters/prometheus/prometheus-metrics.js';
import { SnsMessenger } from './adapters/sns/sns-messenger.js';
import { SNS_WEBHOOK_PATH, type SnsWebhookOptions, snsWebhook } from './adapters/sns/sns-webhook.js';
import { SqliteBookingStore } from './adapters/sqlite/sqlite-booking-store.js';
import { SqliteCalendarFeeds } from './adapters/sqlite/sqlite-calendar-feeds.js';
import { SqliteClinicTokens } from './adapters/sqlite/sqlite-clinic-tokens.js';
import { SqliteClinics } from './adapters/sqlite/sqlite-clinics.js';
import { SqliteConversationStore } from './adapters/sqlite/sqlite-conversation-store.js';
import { SqliteOptOuts } from './adapters/sqlite/sqlite-opt-outs.js';
import { SqlitePatientProfiles } from './adapters/sqlite/sqlite-patient-profiles.js';
import { SqliteStaffAccounts } from './adapters/sqlite/sqlite-staff-accounts.js';
import { SqliteStaffCallbacks } from './adapters/sqlite/sqlite-staff-callbacks.js';
import { SqliteStaffSessions } from './adapters/sqlite/sqlite-staff-sessions.js';
import { AsyncLogContext } from './adapters/system/async-log-context.js';
import { createPinoLogger } from './adapters/system/pino-logger.js';
import { RandomIdGenerator } from './adapters/system/random-id-generator.js';
import { ScryptPasswordHasher } from './adapters/system/scrypt-password-hasher.js';
import { Sha256SecretTokens } from './adapters/system/sha256-secret-tokens.js';
import { SystemClock } from './adapters/system/system-clock.js';
import { everyWallClockMs } from './adapters/system/wall-clock-repeat.js';
import { LiveCallSeats } from './adapters/twilio/live-call-seats.js';
import { mediaStreamServer } from './adapters/twilio/media-stream.js';
import { SMS_WEBHOOK_PATH, smsWebhook } from './adapters/twilio/sms-webhook.js';
import { StreamCredentials } from './adapters/twilio/stream-credential.js';
import { TwilioCallControl } from './adapters/twilio/twilio-call-control.js';
import { TwilioMessenger } from './adapters/twilio/twilio-messenger.js';
import type { WebhookAuth } from './adapters/twilio/twilio-signature.js';
import {
  VOICE_GATHER_PATH,
  VOICE_STREAM_PATH,
  VOICE_TRANSFER_ENDED_PATH,
  VOICE_WEBHOOK_PATH,
  voiceWebhook,
} from './adapters/twilio/voice-webhook.js';
import { consoleRoutes, isConsolePath } from './adapters/web-console/console-routes.js';
import { ReceptionistApp } from './app.js';
import { AddStaffMember } from './application/add-staff-member.js';
import { ApplyClinicSchedule } from './application/apply-clinic-schedule.js';
import { BlockTime } from './application/block-time.js';
import { BookingTools } from './application/booking-tools.js';
import { BookingUseCases } from './application/booking-use-cases.js';
import { cancellable } from './application/cancellable-store.js';
import { ClinicActivity } from './application/clinic-activity.js';
import { ClinicDirectory } from './application/clinic-directory.js';
import { ClinicSender } from './application/clinic-sender.js';
import type { ClinicServices } from './application/clinic-services.js';
import { ConsoleSessions } from './application/console-sessions.js';
import { DispatchNotifications } from './application/dispatch-notifications.js';
import { FrontDesk } from './application/front-desk.js';
import { InboundText } from './application/inbound-text.js';
import { IssueClinicToken } from './application/issue-clinic-token.js';
import { ListStaffCallbacks } from './application/list-staff-callbacks.js';
import { PatientLanguages } from './application/patient-languages.js';
import { PatientNames } from './application/patient-names.js';
import { PatientRecord } from './application/patient-record.js';
import { ProviderCalendar } from './application/provider-calendar.js';
import { PublishSlots } from './application/publish-slots.js';
import { PutClinic } from './application/put-clinic.js';
import { RateLimiter } from './application/rate-limiter.js';
import { ReceptionistAgent } from './application/receptionist-agent.js';
import { RemoveStaffMember } from './application/remove-staff-member.js';
import { ReplyToText } from './application/reply-to-text.js';
import { ResolveStaffCallback } from './application/resolve-staff-callback.js';
import { SeedClinic } from './application/seed-clinic.js';
import { SignIn } from './application/sign-in.js';
import { SlotWatcher } from './application/slot-watcher.js';
import { StaffAlerts } from './application/staff-alerts.js';
import { UnblockTime } from './application/unblock-time.js';
import { type CallParty, VoiceCall } from './application/voice-call.js';
import { WhatsappWindows } from './application/whatsapp-windows.js';
import type { Clinic, ClinicId } from './domain/clinic.js';
import type { LanguagePacks } from './domain/language-pack.js';
import type { NotificationPolicy } from './domain/notification-policy.js';
import type { PatientLimits } from './domain/patient-limits.js';
import { parsePhoneNumber } from './domain/phone-number.js';
import type { BookingStore } from './ports/booking-store.js';
import type { CalendarFeeds } from './ports/calendar-feeds.js';
import type { CallControl } from './ports/call-control.js';
import type { ClinicTokens } from './ports/clinic-tokens.js';
import type { Clinics } from './ports/clinics.js';
import type { Clock } from './ports/clock.js';
import type { ConversationStore } from './ports/conversation-store.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { LanguageModel } from './ports/language-model.js';
import type { LogContext } from './ports/log-context.js';
import type { Logger } from './ports/logger.js';
import type { Messenger } from './ports/messenger.js';
import type { OptOuts } from './ports/opt-outs.js';
import type { PatientProfiles } from './ports/patient-profiles.js';
import type { SecretTokens } from './ports/secret-tokens.js';
import type { StaffAccounts } from './ports/staff-accounts.js';
import type { StaffCallbacks } from './ports/staff-callbacks.js';
import type { StaffSessions } from './ports/staff-sessions.js';
import { TOKENS, type Token, token } from './ports/tokens.js';
import type { VoiceModel } from './ports/voice-model.js';

/** Adapters a caller (a test, a benchmark) wants instead of the configured ones. */
export interface Overrides {
  clock?: Clock;
  store?: BookingStore;
  logger?: Logger;
  languageModel?: LanguageModel;
  messenger?: Messenger;
  voiceModel?: VoiceModel;
  callControl?: CallControl;
  /** Where SNS signing certificates come from and how a subscription is confirmed: tests sign as SNS with their own. */
  snsHttps?: Pick<SnsWebhookOptions, 'fetchCertificate' | 'confirmSubscription'>;
  /** The languages patients are answered in; unset, the packs in config/languages. */
  languagePacks?: LanguagePacks;
}

/** Tools for one tool call of a live call: once `signal` is aborted, they write nothing more. */
type ToolsFor = (signal: AbortSignal) => BookingTools;
type StartVoiceCall = (party: CallParty) => VoiceCall;

/**
 * The adapters of a port the clinics share (the clinics themselves, their tokens), one per STORAGE
 * setting, each constructed as its technology needs, on the process's one DynamoDB client.
 */
interface StorageAdapters<T> {
  memory: new () => T;
  sqlite: new (path: string) => T;
  dynamodb: new (client: DynamoDBClient, tablePrefix: string) => T;
}

/**
 * The adapters of a port whose records are one clinic's: each store sees that clinic's alone (a
 * memory store by being its own instance).
 */
interface ClinicStorageAdapters<T> {
  memory: new () => T;
  sqlite: new (path: string, clinicId: ClinicId) => T;
  dynamodb: new (client: DynamoDBClient, tablePrefix: string, clinicId: ClinicId) => T;
}

const BOOKING_STORES: ClinicStorageAdapters<BookingStore> = {
  memory: InMemoryBookingStore,
  sqlite: SqliteBookingStore,
  dynamodb: DynamoDbBookingStore,
};
const CONVERSATIONS: ClinicStorageAdapters<ConversationStore> = {
  memory: InMemoryConversationStore,
  sqlite: SqliteConversationStore,
  dynamodb: DynamoDbConversationStore,
};
const OPT_OUTS: ClinicStorageAdapters<OptOuts> = {
  memory: InMemoryOptOuts,
  sqlite: SqliteOptOuts,
  dynamodb: DynamoDbOptOuts,
};
const PROFILES: ClinicStorageAdapters<PatientProfiles> = {
  memory: InMemoryPatientProfiles,
  sqlite: SqlitePatientProfiles,
  dynamodb: DynamoDbPatientProfiles,
};
const CALLBACKS: ClinicStorageAdapters<StaffCallbacks> = {
  memory: InMemoryStaffCallbacks,
  sqlite: SqliteStaffCallbacks,
  dynamodb: DynamoDbStaffCallbacks,
};
const CLINICS: StorageAdapters<Clinics> = { memory: InMemoryClinics, sqlite: SqliteClinics, dynamodb: DynamoDbClinics };
const CLINIC_TOKENS: StorageAdapters<ClinicTokens> = {
  memory: InMemoryClinicTokens,
  sqlite: SqliteClinicTokens,
  dynamodb: DynamoDbClinicTokens,
};
const CALENDAR_FEEDS: StorageAdapters<CalendarFeeds> = {
  memory: InMemoryCalendarFeeds,
  sqlite: SqliteCalendarFeeds,
  dynamodb: DynamoDbCalendarFeeds,
};
const STAFF_ACCOUNTS: StorageAdapters<StaffAccounts> = {
  memory: InMemoryStaffAccounts,
  sqlite: SqliteStaffAccounts,
  dynamodb: DynamoDbStaffAccounts,
};
const STAFF_SESSIONS: StorageAdapters<StaffSessions> = {
  memory: InMemoryStaffSessions,
  sqlite: SqliteStaffSessions,
  dynamodb: DynamoDbStaffSessions,
};

/** A client for the configured DynamoDB endpoint (or wherever the SDK's own settings point). */
export function dynamoDbClientFor({ dynamodb: { endpoint } }: AppConfig): DynamoDBClient {
  return createDynamoDbClient(endpoint ? { endpoint } : {});
}

function forStorage<T>(config: AppConfig, adapters: StorageAdapters<T>, x: ResolutionContext): T {
  switch (config.storage) {
    case 'memory':
      return new adapters.memory();
    case 'sqlite':
      return new adapters.sqlite(config.sqlitePath);
    case 'dynamodb':
      return new adapters.dynamodb(x.get(ROOT.DynamoDbClient), config.dynamodb.tablePrefix);
  }
}

function forClinicStorage<T>(
  config: AppConfig,
  adapters: ClinicStorageAdapters<T>,
  clinicId: ClinicId,
  dynamoDbClient: () => DynamoDBClient,
): T {
  switch (config.storage) {
    case 'memory':
      return new adapters.memory();
    case 'sqlite':
      return new adapters.sqlite(config.sqlitePath, clinicId);
    case 'dynamodb':
      return new adapters.dynamodb(dynamoDbClient(), config.dynamodb.tablePrefix, clinicId);
  }
}

/** One clinic's stores. */
export interface ClinicStores {
  bookings: BookingStore;
  conversations: ConversationStore;
  optOuts: OptOuts;
  callbacks: StaffCallbacks;
  profiles: PatientProfiles;
}

/**
 * Each clinic's stores, made once and kept for the life of the server: a clinic's services are made
 * again when it changes, its records stay where they are (in memory, too).
 */
class StoresByClinic {
  private readonly stores = new Map<ClinicId, ClinicStores>();

  constructor(
    private readonly config: AppConfig,
    /** The process's one DynamoDB client, shared by every clinic's stores (made only on DynamoDB). */
    private readonly dynamoDbClient: () => DynamoDBClient,
    private readonly bookings?: BookingStore,
  ) {}

  of(clinicId: ClinicId): ClinicStores {
    let stores = this.stores.get(clinicId);
    if (!stores) {
      const make = <T>(adapters: ClinicStorageAdapters<T>) =>
        forClinicStorage(this.config, adapters, clinicId, this.dynamoDbClient);
      stores = {
        bookings: this.bookings ?? make(BOOKING_STORES),
        conversations: make(CONVERSATIONS),
        optOuts: make(OPT_OUTS),
        callbacks: make(CALLBACKS),
        profiles: make(PROFILES),
      };
      this.stores.set(clinicId, stores);
    }
    return stores;
  }

  async close(): Promise<void> {
    const all = [...this.stores.values()].flatMap((stores) => Object.values(stores) as { close(): Promise<void> }[]);
    await Promise.all([...new Set(all)].map((store) => store.close()));
  }
}

function messengerFor({ messaging }: AppConfig, logger: Logger, ids: IdGenerator): Messenger {
  switch (messaging.provider) {
    case 'twilio':
      return new TwilioMessenger(messaging.twilio);
    case 'sns':
      return new SnsMessenger(messaging.sns);
    case 'console':
      return new ConsoleMessenger(logger, ids);
  }
}

/** Hanging up and putting callers through use Twilio's API: the account's REST credentials, from the messaging settings. */
function callControlFor({ messaging, twilio }: AppConfig): CallControl | undefined {
  if (messaging.provider !== 'twilio') return undefined;
  const transferEnded =
    twilio.publicBaseUrl && `${twilio.publicBaseUrl.replace(/\/$/, '')}${API_PREFIX}${VOICE_TRANSFER_ENDED_PATH}`;
  return new TwilioCallControl(messaging.twilio, transferEnded ? { transferEndedUrl: transferEnded } : {});
}

type Id<T> = Token<T> | (abstract new (...args: never[]) => T);

/** Builds `Class` from what is bound under `ids`, in its constructor's order: a binding names its dependencies. */
const from =
  <A extends unknown[], T>(Class: new (...args: A) => T, ...ids: { [K in keyof A]: Id<A[K]> }) =>
  (x: ResolutionContext) =>
    new Class(...(ids.map((id) => x.get(id as ServiceIdentifier)) as A));

const { BookingStore: STORE, Clock: CLOCK, Clinic: CLINIC, Logger: LOGGER, IdGenerator: IDS } = TOKENS;
const { Messenger: MESSENGER, OptOuts: OPT_OUT_LIST, StaffCallbacks: CALLBACK_LIST } = TOKENS;
const { ConversationStore: CONVERSATION_STORE, LanguageModel: MODEL, VoiceModel: VOICE_MODEL } = TOKENS;
const { Metrics: METRICS } = TOKENS;
const { StaffAccounts: STAFF, StaffSessions: SESSIONS, PasswordHasher: PASSWORDS } = TOKENS;
const { Clinics: CLINIC_LIST, ClinicTokens: CLINIC_TOKEN_LIST, SecretTokens: SECRETS } = TOKENS;
const { CalendarFeeds: CALENDAR_FEED_LIST } = TOKENS;

/** What only the root binds: settings the configuration gives, the edges, and the per-call factories. */
const ROOT = {
  NotificationPolicy: token<NotificationPolicy>('NotificationPolicy'),
  PatientLimits: token<PatientLimits>('PatientLimits'),
  /** Each patient's messages a minute, on every channel that takes them (per server). */
  PatientMessages: token<RateLimiter>('PatientMessages'),
  /** Requests and stream upgrades that failed authentication, per client address (per server). */
  FailedAuthentication: token<RateLimiter>('FailedAuthentication'),
  WebhookAuth: token<WebhookAuth>('WebhookAuth'),
  ToolsFor: token<ToolsFor>('ToolsFor'),
  StartVoiceCall: token<StartVoiceCall>('StartVoiceCall'),
  HttpApp: token<Koa>('HttpApp'),
  LogContext: token<LogContext>('LogContext'),
  /** CLINIC_CONFIG's clinic: put into a store that has none. */
  ConfigClinic: token<Clinic>('ConfigClinic'),
  StoresByClinic: token<StoresByClinic>('StoresByClinic'),
  Clinics: token<ClinicDirectory<ClinicServices>>('ClinicDirectory'),
  /** The one DynamoDB client of the process, shared by every store: closed by the root once they are. */
  DynamoDbClient: token<DynamoDBClient>('DynamoDbClient'),
  LanguagePacks: token<LanguagePacks>('LanguagePacks'),
};

const LOG_CONTEXT = ROOT.LogContext;
const OFFLINE = new OfflineLanguageModel();

/**
 * The composition root, the one place that decides what serves what: configuration (or a caller's
 * overrides) picks each port's adapter; use cases and the edges are built from what is bound here.
 * Every binding is a singleton but the per-call factories, which make each call its own objects.
 */
export function buildContainer(config: AppConfig, overrides: Overrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  const { gemini, voice } = config;
  const voiceModel = overrides.voiceModel ?? (gemini && createGeminiLiveVoiceModel(gemini.live));
  const callControl = overrides.callControl ?? callControlFor(config);
  const notificationPolicy: NotificationPolicy = {
    channel: 'sms',
    reminderLeadMs: config.notifications.reminderLeadMs,
  };

  // Ports every clinic shares: one adapter each, chosen by the configuration or given by the caller.
  c.bind(CLOCK).toConstantValue(overrides.clock ?? new SystemClock());
  c.bind(IDS).toConstantValue(new RandomIdGenerator());
  const logContext = new AsyncLogContext();
  c.bind(LOG_CONTEXT).toConstantValue(logContext);
  c.bind(LOGGER).toConstantValue(logContext.logging(overrides.logger ?? createPinoLogger(config.logLevel)));
  c.bind(ROOT.DynamoDbClient).toDynamicValue(() => dynamoDbClientFor(config));
  c.bind(ROOT.StoresByClinic).toDynamicValue(
    (x) => new StoresByClinic(config, () => x.get<DynamoDBClient>(ROOT.DynamoDbClient), overrides.store),
  );
  c.bind(CLINIC_LIST).toDynamicValue((x) => forStorage(config, CLINICS, x));
  c.bind(CLINIC_TOKEN_LIST).toDynamicValue((x) => forStorage(config, CLINIC_TOKENS, x));
  c.bind(CALENDAR_FEED_LIST).toDynamicValue((x) => forStorage(config, CALENDAR_FEEDS, x));
  c.bind(SECRETS).toConstantValue(new Sha256SecretTokens());
  c.bind(STAFF).toDynamicValue((x) => forStorage(config, STAFF_ACCOUNTS, x));
  c.bind(SESSIONS).toDynamicValue((x) => forStorage(config, STAFF_SESSIONS, x));
  c.bind(PASSWORDS).toConstantValue(new ScryptPasswordHasher());
  c.bind(MESSENGER).toDynamicValue((x) => overrides.messenger ?? messengerFor(config, x.get(LOGGER), x.get(IDS)));
  c.bind(MODEL).toConstantValue(overrides.languageModel ?? (gemini ? createGeminiLanguageModel(gemini.text) : OFFLINE));
  if (voiceModel) c.bind(VOICE_MODEL).toConstantValue(voiceModel);
  if (callControl) c.bind(TOKENS.CallControl).toConstantValue(callControl);
  c.bind(PrometheusMetrics).toDynamicValue(
    (x) =>
      new PrometheusMetrics({
        clock: x.get(CLOCK),
        seats: x.get(LiveCallSeats),
        outbox: everyOutbox(x.get<ClinicDirectory<ClinicServices>>(ROOT.Clinics)),
      }),
  );
  c.bind(METRICS).toDynamicValue((x) => x.get(PrometheusMetrics));

  // Settings and use cases every clinic shares
  c.bind(ROOT.NotificationPolicy).toConstantValue(notificationPolicy);
  c.bind(ROOT.LanguagePacks).toConstantValue(overrides.languagePacks ?? loadLanguagePacks());
  c.bind(ROOT.PatientLimits).toConstantValue(config.patientLimits);
  c.bind(ROOT.PatientMessages).toConstantValue(new RateLimiter(config.rateLimits.messagesPerPatientPerMinute));
  c.bind(ROOT.FailedAuthentication).toConstantValue(new RateLimiter(config.rateLimits.failedAuthPerAddressPerMinute));
  c.bind(PutClinic).toDynamicValue(from(PutClinic, CLINIC_LIST));
  c.bind(SeedClinic).toDynamicValue(from(SeedClinic, CLINIC_LIST, ROOT.ConfigClinic));
  c.bind(ROOT.ConfigClinic).toConstantValue(config.clinic);
  c.bind(IssueClinicToken).toDynamicValue(from(IssueClinicToken, CLINIC_LIST, CLINIC_TOKEN_LIST, SECRETS, IDS));
  c.bind(AddStaffMember).toDynamicValue(from(AddStaffMember, CLINIC_LIST, STAFF, PASSWORDS, IDS));
  c.bind(RemoveStaffMember).toDynamicValue(from(RemoveStaffMember, STAFF, SESSIONS));
  c.bind(ConsoleSessions).toDynamicValue(
    (x) => new ConsoleSessions(x.get(SESSIONS), x.get(SECRETS), x.get(CLOCK), config.staffSessions),
  );
  c.bind(SignIn).toDynamicValue(from(SignIn, STAFF, PASSWORDS, ConsoleSessions, CLOCK));

  // Each clinic: its services, made from its own stores, for as long as it stays as it is.
  c.bind(ROOT.Clinics).toDynamicValue(
    (x) =>
      new ClinicDirectory<ClinicServices>(
        x.get(CLINIC_LIST),
        x.get(CLOCK),
        (clinic) => clinicServices(c, config, clinic, callControl),
        (services) => prepareClinic(services, x.get(LOGGER)),
      ),
  );

  // The edges, and the app the server runs with them
  c.bind(LiveCallSeats).toConstantValue(new LiveCallSeats(voice.maxCalls));
  c.bind(LiveStreams).toConstantValue(new LiveStreams());
  const { authToken } = config.twilio;
  if (authToken) c.bind(StreamCredentials).toDynamicValue((x) => new StreamCredentials(authToken, x.get(CLOCK)));
  c.bind(ROOT.WebhookAuth).toConstantValue(config.twilio);
  c.bind(ROOT.HttpApp).toDynamicValue((x) =>
    httpApp(x, config, voiceModel !== undefined, callControl !== undefined, overrides.snsHttps),
  );
  c.bind(ReceptionistApp).toDynamicValue((x) => receptionistApp(x, config, voiceModel !== undefined));
  return c;
}

/**
 * One clinic's services, in a container of their own under the root: the clinic, its stores and its
 * messenger (sending from its own number) are bound there, and every use case, receptionist and
 * per-call factory is made from them, so nothing one clinic's services hold reaches another clinic's
 * records, and its patients hear from it alone.
 */
function clinicServices(
  root: Container,
  config: AppConfig,
  clinic: Clinic,
  callControl: CallControl | undefined,
): ClinicServices {
  const c = new Container({ parent: root, defaultScope: 'Singleton' });
  const stores = root.get<StoresByClinic>(ROOT.StoresByClinic).of(clinic.id);
  c.bind(CLINIC).toConstantValue(clinic);
  c.bind(STORE).toConstantValue(stores.bookings);
  c.bind(CONVERSATION_STORE).toConstantValue(stores.conversations);
  c.bind(OPT_OUT_LIST).toConstantValue(stores.optOuts);
  c.bind(CALLBACK_LIST).toConstantValue(stores.callbacks);
  c.bind(MESSENGER).toConstantValue(new ClinicSender(root.get(MESSENGER), clinic));
  c.bind(PatientLanguages).toConstantValue(new PatientLanguages(stores.profiles, clinic, root.get(ROOT.LanguagePacks)));
  c.bind(PatientNames).toConstantValue(new PatientNames(stores.profiles));
  c.bind(WhatsappWindows).toConstantValue(new WhatsappWindows(stores.profiles, clinic, c.get(PatientLanguages)));

  c.bind(BookingUseCases).toDynamicValue(
    from(
      BookingUseCases,
      STORE,
      CLOCK,
      IDS,
      CLINIC,
      ROOT.NotificationPolicy,
      ROOT.PatientLimits,
      METRICS,
      PatientLanguages,
    ),
  );
  c.bind(PublishSlots).toDynamicValue(from(PublishSlots, STORE, CLOCK, CLINIC));
  c.bind(ApplyClinicSchedule).toDynamicValue(from(ApplyClinicSchedule, STORE, CLOCK, CLINIC));
  c.bind(BlockTime).toDynamicValue(
    from(BlockTime, STORE, CLOCK, IDS, CLINIC, ROOT.NotificationPolicy, METRICS, PatientLanguages),
  );
  c.bind(UnblockTime).toDynamicValue(from(UnblockTime, STORE, CLOCK, CLINIC, METRICS));
  c.bind(DispatchNotifications).toDynamicValue(
    from(DispatchNotifications, STORE, MESSENGER, OPT_OUT_LIST, CLOCK, LOGGER, LOG_CONTEXT, WhatsappWindows),
  );
  c.bind(StaffAlerts).toDynamicValue(
    (x) => new StaffAlerts(x.get(MESSENGER), x.get(LOGGER), x.get(CLINIC), config.staffAlertNumber),
  );
  c.bind(ListStaffCallbacks).toDynamicValue(from(ListStaffCallbacks, CALLBACK_LIST));
  c.bind(ResolveStaffCallback).toDynamicValue(from(ResolveStaffCallback, CALLBACK_LIST));
  c.bind(ClinicActivity).toDynamicValue(from(ClinicActivity, STORE, CALLBACK_LIST, CLINIC));
  c.bind(ProviderCalendar).toDynamicValue(
    from(ProviderCalendar, CALENDAR_FEED_LIST, SECRETS, STORE, CLOCK, CLINIC, PatientNames),
  );
  const frontDeskNumber = clinic.frontDeskNumber ?? config.voice.frontDesk;
  c.bind(FrontDesk).toDynamicValue(
    (x) => new FrontDesk(x.get(CLINIC), x.get(CLOCK), x.get(CALLBACK_LIST), x.get(StaffAlerts), frontDeskNumber),
  );
  c.bind(BookingTools).toDynamicValue(
    from(BookingTools, BookingUseCases, CLINIC, CLOCK, CALLBACK_LIST, StaffAlerts, PatientNames),
  );

  // The receptionist on texts
  c.bind(ReceptionistAgent).toDynamicValue(receptionistAgent);
  c.bind(InboundText).toDynamicValue(
    from(
      InboundText,
      ReceptionistAgent,
      OPT_OUT_LIST,
      CLINIC,
      CLOCK,
      ROOT.PatientMessages,
      PatientLanguages,
      WhatsappWindows,
    ),
  );
  c.bind(ReplyToText).toDynamicValue(from(ReplyToText, InboundText, MESSENGER, CLOCK, LOGGER));

  // The receptionist on calls: each call its own session and converters, each tool call its own tools.
  c.bind<ToolsFor>(ROOT.ToolsFor).toFactory((x) => (signal: AbortSignal) => toolsUntilCancelled(x, signal));
  const startCall = (party: CallParty) => voiceCall(c, party, callControl, config.voice.silenceMs);

  return {
    clinic,
    useCases: c.get(BookingUseCases),
    callbacks: { list: c.get(ListStaffCallbacks), resolve: c.get(ResolveStaffCallback) },
    blockedTime: { block: c.get(BlockTime), unblock: c.get(UnblockTime) },
    activity: c.get(ClinicActivity),
    calendar: c.get(ProviderCalendar),
    inbound: c.get(InboundText),
    replies: c.get(ReplyToText),
    agent: c.get(ReceptionistAgent),
    languages: c.get(PatientLanguages),
    names: c.get(PatientNames),
    frontDesk: c.get(FrontDesk),
    publishSlots: c.get(PublishSlots),
    schedule: c.get(ApplyClinicSchedule),
    dispatcher: c.get(DispatchNotifications),
    outbox: stores.bookings,
    startCall,
    slotChanges: new SlotWatcher(
      stores.bookings,
      root.get(CLOCK),
      everyWallClockMs,
      config.consolePollMs ?? 1000,
      root.get(LOGGER),
    ),
    patientRecord: new PatientRecord(stores.bookings, stores.conversations, stores.optOuts, root.get(CLOCK)),
    ready: () => stores.bookings.ready(),
  };
}

/** CLINIC_CONFIG's clinic's stores, for the commands that act for it alone (chat, export); closed with `closeStores`. */
export function configClinicStores(container: Container, config: AppConfig): ClinicStores {
  return container.get<StoresByClinic>(ROOT.StoresByClinic).of(config.clinic.id);
}

/** CLINIC_CONFIG's clinic's services, for the commands that act for it alone. */
export function configClinicServices(container: Container, config: AppConfig): ClinicServices {
  return clinicServices(container, config, config.clinic, undefined);
}

/** Closes what a command opened as the server closes it: every store, then the DynamoDB client they share. */
export const closeStores = (container: Container, config: AppConfig) => storage(container, config).close();

/**
 * A clinic new to this server, or changed: before it is served, its horizon is opened on its hours and
 * the free slots its schedule no longer makes are retired.
 */
async function prepareClinic({ clinic, publishSlots, schedule }: ClinicServices, logger: Logger): Promise<void> {
  const added = await publishSlots.execute();
  const { retired, toMove } = await schedule.execute();
  logger.info({ clinic: clinic.id, added, retired }, 'slots published');
  if (toMove.length > 0)
    logger.warn(
      { clinic: clinic.id, toMove: toMove.length },
      'taken slots outside the schedule: GET /slots/to-move lists them',
    );
}

/** The outbox the metrics read: every clinic's, the longest waiting first. */
function everyOutbox(clinics: ClinicDirectory<ClinicServices>): Pick<BookingStore, 'dueNotifications'> {
  return {
    async dueNotifications(now, limit) {
      const each = await Promise.all((await clinics.all()).map(({ outbox }) => outbox.dueNotifications(now, limit)));
      return each
        .flat()
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, limit);
    },
  };
}

/** When Gemini fails mid-conversation the offline model carries on, so patients still get answers. */
function receptionistAgent(x: ResolutionContext): ReceptionistAgent {
  const model = x.get(MODEL as ServiceIdentifier<LanguageModel>);
  const fallback = model === OFFLINE ? undefined : OFFLINE;
  return new ReceptionistAgent(
    model,
    fallback,
    x.get(BookingTools),
    x.get(CONVERSATION_STORE),
    x.get(CLINIC),
    x.get(CLOCK),
    x.get(LOGGER),
    x.get(METRICS),
    x.get(PatientLanguages).defaultPack,
    x.get(PatientNames),
  );
}

/** A live call's tools for one tool call: once the model withdraws the call (`signal`), they write nothing more. */
function toolsUntilCancelled(x: ResolutionContext, signal: AbortSignal): BookingTools {
  const store = cancellable(x.get<BookingStore>(STORE), 'commit', signal);
  const useCases = new BookingUseCases(
    store,
    x.get(CLOCK),
    x.get(IDS),
    x.get(CLINIC),
    x.get(ROOT.NotificationPolicy),
    x.get(ROOT.PatientLimits),
    x.get(METRICS),
    x.get(PatientLanguages),
  );
  return new BookingTools(
    useCases,
    x.get(CLINIC),
    x.get(CLOCK),
    cancellable(x.get<StaffCallbacks>(CALLBACK_LIST), 'request', signal),
    x.get(StaffAlerts),
    x.get(PatientNames),
  );
}

function voiceCall(
  x: Pick<ResolutionContext, 'get'>,
  party: CallParty,
  callControl: CallControl | undefined,
  silenceMs: number,
): VoiceCall {
  return new VoiceCall(party, {
    model: x.get(VOICE_MODEL),
    toolsFor: x.get<ToolsFor>(ROOT.ToolsFor),
    ...(callControl ? { callControl } : {}),
    frontDesk: x.get(FrontDesk),
    clinic: x.get(CLINIC),
    clock: x.get(CLOCK),
    logger: x.get(LOGGER),
    metrics: x.get(METRICS),
    silenceMs,
  });
}

/** The REST API with every channel's webhooks, each under its own signature check. */
function httpApp(
  x: ResolutionContext,
  config: AppConfig,
  bridging: boolean,
  canHangUp: boolean,
  snsHttps: Overrides['snsHttps'] = {},
): Koa {
  const auth = x.get<WebhookAuth>(ROOT.WebhookAuth);
  const clinics = x.get<ClinicDirectory<ClinicServices>>(ROOT.Clinics);
  const logger = x.get<Logger>(LOGGER);
  const metrics = x.get(PrometheusMetrics);
  // A number a patient wrote or called, as the channel gave it: a clinic is found only by a number it lists.
  const byNumber = async (to: string) => {
    const number = parsePhoneNumber(to);
    return clinics.byNumber(number.ok ? number.value : undefined);
  };
  const repliesFor = async (to: string) => (await byNumber(to))?.replies;
  const voice = voiceWebhook({
    auth,
    clinicFor: async (to) => {
      const served = await byNumber(to);
      return served && { ...served, clinicId: served.clinic.id };
    },
    logger,
    // A live stream is only ever accepted signed by Twilio: without the token to check it (and to key each
    // call's stream credential), calls go to the speech IVR.
    liveStreams: bridging ? x.get(StreamCredentials, { optional: true }) : undefined,
    seats: x.get(LiveCallSeats),
    clock: x.get(CLOCK),
    afterStream: canHangUp ? 'fall back to IVR' : 'hang up',
    apiPrefix: API_PREFIX,
    messages: x.get(ROOT.PatientMessages),
    metrics,
  });
  const webhooks = [
    {
      router: smsWebhook({ repliesFor, logger, auth, replyDeadlineMs: config.smsReplyDeadlineMs, metrics }),
      paths: [SMS_WEBHOOK_PATH],
    },
    { router: voice, paths: [VOICE_WEBHOOK_PATH, VOICE_GATHER_PATH, VOICE_TRANSFER_ENDED_PATH] },
  ];
  const { snsTopicArn: topicArn } = config;
  if (topicArn) {
    const router = snsWebhook({ repliesFor, logger, topicArn, clock: x.get(CLOCK), metrics, ...snsHttps });
    webhooks.push({ router, paths: [SNS_WEBHOOK_PATH] });
  }
  const clinicTokens = x.get<ClinicTokens>(CLINIC_TOKEN_LIST);
  const secrets = x.get<SecretTokens>(SECRETS);
  return createHttpApp({
    clinics,
    operator: {
      clinics: x.get(CLINIC_LIST),
      putClinic: x.get(PutClinic),
      issueToken: x.get(IssueClinicToken),
      tokens: clinicTokens,
      served: async (clinic) => {
        await clinics.reread();
        await clinics.byId(clinic.id);
      },
    },
    clinicOfToken: async (token) => (await clinicTokens.find(secrets.hash(token)))?.clinicId,
    webhooks,
    logger,
    // Every clinic's stores are the same file or tables: one answering, and the clinics read, is all answering.
    ready: async () => {
      const [any] = await clinics.all();
      await any?.ready();
    },
    logContext: x.get(LOG_CONTEXT),
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
    ...(config.twilio.publicBaseUrl ? { publicBaseUrl: config.twilio.publicBaseUrl } : {}),
    failedAuthentication: { limiter: x.get<RateLimiter>(ROOT.FailedAuthentication), clock: x.get(CLOCK) },
    metrics,
    staff: {
      signIn: x.get(SignIn),
      sessions: x.get(ConsoleSessions),
      accounts: x.get(STAFF),
      lifetimes: config.staffSessions,
      secure: config.twilio.publicBaseUrl?.startsWith('https:') ?? false,
      add: x.get(AddStaffMember),
      remove: x.get(RemoveStaffMember),
    },
    liveStreams: x.get(LiveStreams),
    pages: { router: consoleRoutes(), serves: isConsolePath },
  });
}

export async function dynamoDbTablesExist(config: AppConfig): Promise<void> {
  const client = dynamoDbClientFor(config);
  try {
    await checkTables(client, config.dynamodb.tablePrefix, config.dynamodb.endpoint);
  } finally {
    client.destroy();
  }
}

/** The server's whole job: the API, the call streams (when calls are bridged), and the background rounds. */
function receptionistApp(x: ResolutionContext, config: AppConfig, bridging: boolean): ReceptionistApp {
  const logger = x.get<Logger>(LOGGER);
  const clinics = x.get<ClinicDirectory<ClinicServices>>(ROOT.Clinics);
  const streams = bridging
    ? mediaStreamServer({
        auth: x.get<WebhookAuth>(ROOT.WebhookAuth),
        path: `${API_PREFIX}${VOICE_STREAM_PATH}`,
        credentials: x.get(StreamCredentials, { optional: true }),
        logger,
        logContext: x.get(LOG_CONTEXT),
        seats: x.get(LiveCallSeats),
        ...(config.voice.audioChunkMs ? { audioChunkMs: config.voice.audioChunkMs } : {}),
        clock: x.get(CLOCK),
        failedAuthentication: x.get<RateLimiter>(ROOT.FailedAuthentication),
        metrics: x.get(METRICS),
        startCall: async ({ callSid, caller, clinicId }, line) =>
          (await clinics.byId(clinicId))?.startCall({
            callSid,
            caller,
            line,
            audio: twilioCallAudio(x.get<VoiceModel>(VOICE_MODEL).callerSampleRate),
          }),
      })
    : undefined;
  return new ReceptionistApp({
    handleRequest: x.get<Koa>(ROOT.HttpApp).callback(),
    ...(streams ? { streams } : {}),
    clinics,
    logger,
    logContext: x.get(LOG_CONTEXT),
    warnings: startupWarnings(config, bridging),
    checks: [
      ...(config.storage === 'dynamodb' ? [() => dynamoDbTablesExist(config)] : []),
      () => seedClinic(x.get(SeedClinic), config.clinic, logger),
    ],
    timing: {
      outboxPollMs: config.notifications.pollMs,
      callDrainMs: config.voice.drainMs ?? 0,
      shutdownGraceMs: config.shutdownGraceMs,
    },
    closables: [storage(x, config)],
    liveStreams: x.get(LiveStreams),
  });
}

/** The stores, then the DynamoDB client they share: destroyed first, it would fail their last writes. */
function storage(x: Pick<ResolutionContext, 'get'>, config: AppConfig): { close(): Promise<void> } {
  const stores = [
    x.get<StoresByClinic>(ROOT.StoresByClinic),
    x.get<Clinics>(CLINIC_LIST),
    x.get<ClinicTokens>(CLINIC_TOKEN_LIST),
    x.get<CalendarFeeds>(CALENDAR_FEED_LIST),
    x.get<StaffAccounts>(STAFF),
    x.get<StaffSessions>(SESSIONS),
  ];
  const client = config.storage === 'dynamodb' ? x.get<DynamoDBClient>(ROOT.DynamoDbClient) : undefined;
  return {
    async close() {
      await Promise.all(stores.map((store) => store.close()));
      client?.destroy();
    },
  };
}

async function seedClinic(seed: SeedClinic, clinic: Clinic, logger: Logger): Promise<void> {
  const seeded = await seed.execute();
  if (seeded === 'put') logger.info({ clinic: clinic.id }, 'clinic put from CLINIC_CONFIG into a store that had none');
  if (seeded === 'differs')
    logger.warn(
      { clinic: clinic.id },
      'CLINIC_CONFIG differs from the stored clinic of its id, which is the one served: to serve the file, npm run clinic -- put <file>',
    );
}
