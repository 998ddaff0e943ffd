import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { API_PREFIX, createHttpApp } from './adapters/http/create-http-app.js';
import type { BookingUseCases } from './application/booking-use-cases.js';
import { PublishSlots } from './application/publish-slots.js';
import { buildContainer, USE_CASES, type Overrides } from './container.js';
import { isLoopback, type AppConfig } from './load-config.js';
import { DispatchNotifications } from './application/dispatch-notifications.js';
import { InboundText } from './application/inbound-text.js';
import { SNS_WEBHOOK_PATH, snsWebhook } from './adapters/sns/sns-webhook.js';
import { SMS_WEBHOOK_PATH, smsWebhook } from './adapters/twilio/sms-webhook.js';
import { VOICE_GATHER_PATH, VOICE_WEBHOOK_PATH, voiceWebhook } from './adapters/twilio/voice-webhook.js';
import { ReceptionistAgent } from './application/receptionist-agent.js';
import type { Clock } from './ports/clock.js';
import type { ConversationStore } from './ports/conversation-store.js';
import type { Messenger } from './ports/messenger.js';
import type { OptOuts } from './ports/opt-outs.js';
import type { BookingStore } from './ports/booking-store.js';
import type { Logger } from './ports/logger.js';
import { TOKENS } from './ports/tokens.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const REPUBLISH_EVERY_MS = 60 * 60 * 1000;

/** Polls the outbox; a round still running when the next is due is not doubled. */
function dispatchEvery(dispatcher: DispatchNotifications, everyMs: number, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const round = () => {
    running ??= dispatcher
      .execute()
      .then(() => undefined, (err: unknown) => logger.error({ err }, 'dispatching notifications failed'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(round, everyMs);
  timer.unref();
  round();
  // Closing waits for the round in flight, so nothing is sent through a store already closed.
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** Opens the booking horizon, serves the API and keeps the horizon rolling forward each hour. */
export async function startServer(config: AppConfig, overrides: Overrides = {}): Promise<RunningServer> {
  const container = buildContainer(config, overrides);
  const logger = container.get<Logger>(TOKENS.Logger);
  const store = container.get<BookingStore>(TOKENS.BookingStore);
  const publishSlots = container.get(PublishSlots);

  const added = await publishSlots.execute();
  logger.info({ added, storage: config.storage }, 'slots published');
  const republish = setInterval(() => {
    publishSlots.execute().catch((err: unknown) => logger.error({ err }, 'publishing slots failed'));
  }, REPUBLISH_EVERY_MS);
  republish.unref();

  const stopDispatching = config.notices.pollMs > 0 ? dispatchEvery(container.get(DispatchNotifications), config.notices.pollMs, logger) : async () => {};

  if (!config.apiToken) {
    logger.warn({ host: config.host }, 'API_TOKEN is not set: the API is open to anyone who can reach this loopback address');
  }
  const inbound = container.get(InboundText);
  const messenger = container.get<Messenger>(TOKENS.Messenger);
  const clock = container.get<Clock>(TOKENS.Clock);
  const sms = smsWebhook({
    inbound,
    messenger,
    clock,
    logger,
    auth: { ...config.twilio, listeningOnLoopback: isLoopback(config.host) },
    replyDeadlineMs: config.smsReplyDeadlineMs,
  });
  const voice = voiceWebhook({
    auth: { ...config.twilio, listeningOnLoopback: isLoopback(config.host) },
    clinic: config.clinic,
    agent: container.get(ReceptionistAgent),
    logger,
    live: false,
    apiPrefix: API_PREFIX,
  });
  const webhooks = [
    { router: sms, paths: [SMS_WEBHOOK_PATH] },
    { router: voice, paths: [VOICE_WEBHOOK_PATH, VOICE_GATHER_PATH] },
  ];
  if (config.snsTopicArn) {
    if (config.messaging.provider === 'console') {
      logger.warn({ topicArn: config.snsTopicArn }, 'SNS_TOPIC_ARN is set but MESSAGING_PROVIDER=console: replies to texts are logged, not sent');
    }
    webhooks.push({ router: snsWebhook({ inbound, messenger, clock, logger, topicArn: config.snsTopicArn }), paths: [SNS_WEBHOOK_PATH] });
  }
  const app = createHttpApp({
    useCases: container.get<BookingUseCases>(USE_CASES),
    inbound,
    webhooks,
    timeZone: config.clinic.timeZone,
    logger,
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
  });
  const server: Server = createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, clinic: config.clinic.name }, 'listening');

  return {
    url,
    async close() {
      clearInterval(republish);
      await stopDispatching();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([store.close(), container.get<ConversationStore>(TOKENS.ConversationStore).close(), container.get<OptOuts>(TOKENS.OptOuts).close()]);
    },
  };
}
