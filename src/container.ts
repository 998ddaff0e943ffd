import 'reflect-metadata';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Container } from 'inversify';
import { ConsoleMessenger } from './adapters/console/console-messenger.js';
import { DynamoDbBookingStore } from './adapters/dynamodb/dynamodb-booking-store.js';
import { createDynamoDbClient } from './adapters/dynamodb/dynamodb-client.js';
import { DynamoDbConversationStore } from './adapters/dynamodb/dynamodb-conversation-store.js';
import { DynamoDbOptOuts } from './adapters/dynamodb/dynamodb-opt-outs.js';
import { DynamoDbStaffCallbacks } from './adapters/dynamodb/dynamodb-staff-callbacks.js';
import { createGeminiLanguageModel } from './adapters/gemini/gemini-language-model.js';
import { createGeminiLiveVoiceModel, type GeminiLiveSettings } from './adapters/gemini/gemini-live-voice-model.js';
import { API_PREFIX } from './adapters/http/create-http-app.js';
import { InMemoryBookingStore } from './adapters/memory/in-memory-booking-store.js';
import { InMemoryConversationStore } from './adapters/memory/in-memory-conversation-store.js';
import { InMemoryOptOuts } from './adapters/memory/in-memory-opt-outs.js';
import { InMemoryStaffCallbacks } from './adapters/memory/in-memory-staff-callbacks.js';
import { OfflineLanguageModel } from './adapters/offline/offline-language-model.js';
import { SnsMessenger } from './adapters/sns/sns-messenger.js';
import { SqliteBookingStore } from './adapters/sqlite/sqlite-booking-store.js';
import { SqliteConversationStore } from './adapters/sqlite/sqlite-conversation-store.js';
import { SqliteOptOuts } from './adapters/sqlite/sqlite-opt-outs.js';
import { SqliteStaffCallbacks } from './adapters/sqlite/sqlite-staff-callbacks.js';
import { createPinoLogger } from './adapters/system/pino-logger.js';
import { RandomIdGenerator } from './adapters/system/random-id-generator.js';
import { SystemClock } from './adapters/system/system-clock.js';
import { TwilioCallControl } from './adapters/twilio/twilio-call-control.js';
import { TwilioMessenger } from './adapters/twilio/twilio-messenger.js';
import { VOICE_TRANSFER_ENDED_PATH } from './adapters/twilio/voice-webhook.js';
import { BookingTools } from './application/booking-tools.js';
import { type BookingUseCases, createBookingUseCases } from './application/booking-use-cases.js';
import { DispatchNotifications } from './application/dispatch-notifications.js';
import { InboundText } from './application/inbound-text.js';
import { PublishSlots } from './application/publish-slots.js';
import { ReceptionistAgent } from './application/receptionist-agent.js';
import type { Clinic } from './domain/clinic.js';
import type { AppConfig } from './load-config.js';
import type { BookingStore } from './ports/booking-store.js';
import type { CallControl } from './ports/call-control.js';
import type { Clock } from './ports/clock.js';
import type { ConversationStore } from './ports/conversation-store.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { LanguageModel } from './ports/language-model.js';
import type { Logger } from './ports/logger.js';
import type { Messenger } from './ports/messenger.js';
import type { OptOuts } from './ports/opt-outs.js';
import type { StaffCallbacks } from './ports/staff-callbacks.js';
import { TOKENS } from './ports/tokens.js';
import type { VoiceModel } from './ports/voice-model.js';

export const USE_CASES = Symbol.for('BookingUseCases');

/** Adapters a caller (a test, a benchmark) wants instead of the configured ones. */
export interface Overrides {
  clock?: Clock;
  store?: BookingStore;
  logger?: Logger;
  languageModel?: LanguageModel;
  messenger?: Messenger;
  voiceModel?: VoiceModel;
  callControl?: CallControl;
}

const dynamoDbClient = ({ dynamodb }: AppConfig) =>
  createDynamoDbClient(dynamodb.endpoint ? { endpoint: dynamodb.endpoint } : {});

/** The adapters of one store port, one per STORAGE setting, each constructed as its technology needs. */
interface StorageAdapters<T> {
  memory: new () => T;
  sqlite: new (path: string) => T;
  dynamodb: new (client: DynamoDBClient, tablePrefix: string) => T;
}

function forStorage<T>(config: AppConfig, adapters: StorageAdapters<T>): T {
  switch (config.storage) {
    case 'memory':
      return new adapters.memory();
    case 'sqlite':
      return new adapters.sqlite(config.sqlitePath);
    case 'dynamodb':
      return new adapters.dynamodb(dynamoDbClient(config), config.dynamodb.tablePrefix);
  }
}

function messengerFor(config: AppConfig, logger: Logger, ids: IdGenerator): Messenger {
  switch (config.messaging.provider) {
    case 'twilio':
      return new TwilioMessenger(config.messaging.twilio);
    case 'sns':
      return new SnsMessenger(config.messaging.sns);
    case 'console':
      return new ConsoleMessenger(logger, ids);
  }
}

/** The Live model's own settings out of the Gemini ones both models share. */
function liveSettingsOf({
  apiKey,
  baseUrl,
  apiVersion,
  liveModel,
  liveConnectTimeoutMs,
  liveVoice,
}: NonNullable<AppConfig['gemini']>): GeminiLiveSettings {
  return {
    apiKey,
    model: liveModel,
    connectTimeoutMs: liveConnectTimeoutMs,
    ...(apiVersion ? { apiVersion } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(liveVoice ? { voiceName: liveVoice } : {}),
  };
}

/** Hanging up and putting callers through use Twilio's API: the account's REST credentials, from the messaging settings. */
function twilioCallControlFor(config: AppConfig): CallControl | undefined {
  if (config.messaging.provider !== 'twilio') return undefined;
  const { publicBaseUrl } = config.twilio;
  const transferEndedUrl = publicBaseUrl
    ? `${publicBaseUrl.replace(/\/$/, '')}${API_PREFIX}${VOICE_TRANSFER_ENDED_PATH}`
    : undefined;
  return new TwilioCallControl(config.messaging.twilio, transferEndedUrl ? { transferEndedUrl } : {});
}

/**
 * The composition root: configuration alone decides which adapter serves each port. Use cases stay
 * free of container decorators; they are built here from what the container resolves.
 */
export function buildContainer(config: AppConfig, overrides: Overrides = {}): Container {
  const container = new Container();
  container.bind<Clinic>(TOKENS.Clinic).toConstantValue(config.clinic);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(overrides.clock ?? new SystemClock());
  container.bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(new RandomIdGenerator());
  container.bind<Logger>(TOKENS.Logger).toConstantValue(overrides.logger ?? createPinoLogger(config.logLevel));
  container
    .bind<BookingStore>(TOKENS.BookingStore)
    .toDynamicValue(
      () =>
        overrides.store ??
        forStorage<BookingStore>(config, {
          memory: InMemoryBookingStore,
          sqlite: SqliteBookingStore,
          dynamodb: DynamoDbBookingStore,
        }),
    )
    .inSingletonScope();

  container
    .bind(PublishSlots)
    .toDynamicValue((c) => new PublishSlots(c.get(TOKENS.BookingStore), c.get(TOKENS.Clock), c.get(TOKENS.Clinic)));
  container
    .bind<BookingUseCases>(USE_CASES)
    .toDynamicValue((c) =>
      createBookingUseCases(
        c.get(TOKENS.BookingStore),
        c.get(TOKENS.Clock),
        c.get(TOKENS.IdGenerator),
        c.get(TOKENS.Clinic),
        {
          channel: 'sms',
          reminderLeadMs: config.notifications.reminderLeadMs,
        },
      ),
    )
    .inSingletonScope();
  container
    .bind<ConversationStore>(TOKENS.ConversationStore)
    .toDynamicValue(() =>
      forStorage<ConversationStore>(config, {
        memory: InMemoryConversationStore,
        sqlite: SqliteConversationStore,
        dynamodb: DynamoDbConversationStore,
      }),
    )
    .inSingletonScope();
  container
    .bind<OptOuts>(TOKENS.OptOuts)
    .toDynamicValue(() =>
      forStorage<OptOuts>(config, { memory: InMemoryOptOuts, sqlite: SqliteOptOuts, dynamodb: DynamoDbOptOuts }),
    )
    .inSingletonScope();
  container
    .bind<StaffCallbacks>(TOKENS.StaffCallbacks)
    .toDynamicValue(() =>
      forStorage<StaffCallbacks>(config, {
        memory: InMemoryStaffCallbacks,
        sqlite: SqliteStaffCallbacks,
        dynamodb: DynamoDbStaffCallbacks,
      }),
    )
    .inSingletonScope();
  container
    .bind<Messenger>(TOKENS.Messenger)
    .toDynamicValue((c) => overrides.messenger ?? messengerFor(config, c.get(TOKENS.Logger), c.get(TOKENS.IdGenerator)))
    .inSingletonScope();
  const offline = new OfflineLanguageModel();
  const model = overrides.languageModel ?? (config.gemini ? createGeminiLanguageModel(config.gemini) : offline);
  container.bind<LanguageModel>(TOKENS.LanguageModel).toConstantValue(model);
  container
    .bind(ReceptionistAgent)
    .toDynamicValue((c) => {
      const clinic = c.get<Clinic>(TOKENS.Clinic);
      const clock = c.get<Clock>(TOKENS.Clock);
      const tools = new BookingTools(
        c.get<BookingUseCases>(USE_CASES),
        clinic,
        clock,
        c.get<StaffCallbacks>(TOKENS.StaffCallbacks),
      );
      // When Gemini fails mid-conversation the offline model carries on, so patients still get answers.
      const fallback = model === offline ? undefined : offline;
      return new ReceptionistAgent(
        model,
        fallback,
        tools,
        c.get(TOKENS.ConversationStore),
        clinic,
        clock,
        c.get(TOKENS.Logger),
      );
    })
    .inSingletonScope();
  container
    .bind(InboundText)
    .toDynamicValue(
      (c) =>
        new InboundText(c.get(ReceptionistAgent), c.get(TOKENS.OptOuts), c.get(TOKENS.Clinic), c.get(TOKENS.Clock)),
    )
    .inSingletonScope();
  const voiceModel =
    overrides.voiceModel ?? (config.gemini ? createGeminiLiveVoiceModel(liveSettingsOf(config.gemini)) : undefined);
  if (voiceModel) container.bind<VoiceModel>(TOKENS.VoiceModel).toConstantValue(voiceModel);
  const callControl = overrides.callControl ?? twilioCallControlFor(config);
  if (callControl) container.bind<CallControl>(TOKENS.CallControl).toConstantValue(callControl);
  container
    .bind(DispatchNotifications)
    .toDynamicValue(
      (c) =>
        new DispatchNotifications(
          c.get(TOKENS.BookingStore),
          c.get(TOKENS.Messenger),
          c.get(TOKENS.OptOuts),
          c.get(TOKENS.Clock),
          c.get(TOKENS.Logger),
        ),
    )
    .inSingletonScope();
  return container;
}
