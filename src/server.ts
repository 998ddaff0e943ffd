import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Container } from 'inversify';
import { twilioCallAudio } from './adapters/audio/twilio-call-audio.js';
import { API_PREFIX, createHttpApp } from './adapters/http/create-http-app.js';
import { SNS_WEBHOOK_PATH, snsWebhook } from './adapters/sns/sns-webhook.js';
import { LiveCallSeats } from './adapters/twilio/live-call-seats.js';
import {
  type BridgedCall,
  mediaStreamServer,
  type StreamLine,
  type StreamStart,
} from './adapters/twilio/media-stream.js';
import { SMS_WEBHOOK_PATH, smsWebhook } from './adapters/twilio/sms-webhook.js';
import {
  VOICE_GATHER_PATH,
  VOICE_STREAM_PATH,
  VOICE_TRANSFER_ENDED_PATH,
  VOICE_WEBHOOK_PATH,
  voiceWebhook,
} from './adapters/twilio/voice-webhook.js';
import { BookingTools } from './application/booking-tools.js';
import type { BookingUseCases } from './application/booking-use-cases.js';
import { createBookingUseCases } from './application/booking-use-cases.js';
import { cancellable } from './application/cancellable-store.js';
import { DispatchNotifications } from './application/dispatch-notifications.js';
import { InboundText } from './application/inbound-text.js';
import { PublishSlots } from './application/publish-slots.js';
import { ReceptionistAgent } from './application/receptionist-agent.js';
import { VoiceCall } from './application/voice-call.js';
import { buildContainer, type Overrides, USE_CASES } from './container.js';
import { parsePhoneNumber } from './domain/phone-number.js';
import { type AppConfig, isLoopback } from './load-config.js';
import type { BookingStore } from './ports/booking-store.js';
import type { CallControl } from './ports/call-control.js';
import type { Clock } from './ports/clock.js';
import type { ConversationStore } from './ports/conversation-store.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { Logger } from './ports/logger.js';
import type { Messenger } from './ports/messenger.js';
import type { OptOuts } from './ports/opt-outs.js';
import type { StaffCallbacks } from './ports/staff-callbacks.js';
import { TOKENS } from './ports/tokens.js';
import type { VoiceModel } from './ports/voice-model.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const REPUBLISH_EVERY_MS = 60 * 60 * 1000;

/** A call on the live bridge: its own converters and session, tools acting as the caller's number. */
async function startVoiceCall(
  container: Container,
  config: AppConfig,
  model: VoiceModel,
  callControl: CallControl | undefined,
  start: StreamStart,
  line: StreamLine,
): Promise<BridgedCall> {
  const caller = parsePhoneNumber(start.caller);
  if (!caller.ok) throw new Error('the stream carried no caller number');
  const clock = container.get<Clock>(TOKENS.Clock);
  const ids = container.get<IdGenerator>(TOKENS.IdGenerator);
  const store = container.get<BookingStore>(TOKENS.BookingStore);
  const callbacks = container.get<StaffCallbacks>(TOKENS.StaffCallbacks);
  const notificationPolicy = { channel: 'sms' as const, reminderLeadMs: config.notifications.reminderLeadMs };
  const call = new VoiceCall({
    callSid: start.callSid,
    caller: caller.value,
    model,
    toolsFor: (signal) =>
      new BookingTools(
        createBookingUseCases(cancellable(store, 'commit', signal), clock, ids, config.clinic, notificationPolicy),
        config.clinic,
        clock,
        cancellable(callbacks, 'request', signal),
      ),
    audio: twilioCallAudio(),
    line,
    // Without Twilio's API, ending the stream ends the call: its TwiML hangs up after the stream.
    callControl: callControl ?? { hangUp: async () => line.close() },
    ...(config.voice.frontDesk ? { frontDesk: config.voice.frontDesk } : {}),
    clinic: config.clinic,
    clock,
    logger: container.get<Logger>(TOKENS.Logger),
    silenceMs: config.voice.silenceMs,
    onModelLost: () => line.close(),
  });
  await call.start();
  return call;
}

/** Polls the outbox; a round still running when the next is due is not doubled. */
function dispatchEvery(dispatcher: DispatchNotifications, everyMs: number, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const round = () => {
    running ??= dispatcher
      .execute()
      .then(
        () => undefined,
        (err: unknown) => logger.error({ err }, 'dispatching notifications failed'),
      )
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

  const stopDispatching =
    config.notifications.pollMs > 0
      ? dispatchEvery(container.get(DispatchNotifications), config.notifications.pollMs, logger)
      : async () => {};

  if (!config.apiToken) {
    logger.warn(
      { host: config.host },
      'API_TOKEN is not set: the API is open to anyone who can reach this loopback address',
    );
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
  const webhookAuth = { ...config.twilio, listeningOnLoopback: isLoopback(config.host) };
  const voiceModel = container.isBound(TOKENS.VoiceModel) ? container.get<VoiceModel>(TOKENS.VoiceModel) : undefined;
  // A live stream is only ever accepted signed by Twilio: without the token to check it, calls go to the speech IVR.
  const bridging = voiceModel !== undefined && config.twilio.authToken !== undefined;
  if (voiceModel && !bridging) {
    logger.warn(
      {},
      'GEMINI_API_KEY is set but TWILIO_AUTH_TOKEN is not: calls are answered by the speech IVR, as a live stream must be signed by Twilio',
    );
  }
  const callControl = container.isBound(TOKENS.CallControl)
    ? container.get<CallControl>(TOKENS.CallControl)
    : undefined;
  const seats = new LiveCallSeats(config.voice.maxCalls);
  const voice = voiceWebhook({
    auth: webhookAuth,
    clinic: config.clinic,
    agent: container.get(ReceptionistAgent),
    logger,
    live: bridging,
    seats,
    clock,
    callbacks: container.get<StaffCallbacks>(TOKENS.StaffCallbacks),
    ...(config.voice.frontDesk ? { frontDesk: config.voice.frontDesk } : {}),
    afterStream: callControl ? 'fall back to IVR' : 'hang up',
    apiPrefix: API_PREFIX,
  });
  const webhooks = [
    { router: sms, paths: [SMS_WEBHOOK_PATH] },
    { router: voice, paths: [VOICE_WEBHOOK_PATH, VOICE_GATHER_PATH, VOICE_TRANSFER_ENDED_PATH] },
  ];
  if (config.snsTopicArn) {
    if (config.messaging.provider === 'console') {
      logger.warn(
        { topicArn: config.snsTopicArn },
        'SNS_TOPIC_ARN is set but MESSAGING_PROVIDER=console: replies to texts are logged, not sent',
      );
    }
    webhooks.push({
      router: snsWebhook({ inbound, messenger, clock, logger, topicArn: config.snsTopicArn }),
      paths: [SNS_WEBHOOK_PATH],
    });
  }
  const app = createHttpApp({
    useCases: container.get<BookingUseCases>(USE_CASES),
    inbound,
    callbacks: container.get<StaffCallbacks>(TOKENS.StaffCallbacks),
    webhooks,
    timeZone: config.clinic.timeZone,
    logger,
    ...(config.apiToken ? { apiToken: config.apiToken } : {}),
  });
  const server: Server = createServer(app.callback());
  const streams = voiceModel
    ? mediaStreamServer({
        auth: webhookAuth,
        path: `${API_PREFIX}${VOICE_STREAM_PATH}`,
        logger,
        seats,
        startCall: (start, line) => startVoiceCall(container, config, voiceModel, callControl, start, line),
      })
    : undefined;
  server.on('upgrade', (request, socket, head) => {
    if (!streams?.handleUpgrade(request, socket, head)) socket.destroy();
  });
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, clinic: config.clinic.name }, 'listening');

  let closing: Promise<void> | undefined;
  const close = async () => {
    clearInterval(republish);
    // New connections are refused from here on; calls in progress may finish, up to the drain time,
    // still booking through the store and with the outbox still sending their confirmations.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await streams?.drain(config.voice.drainMs ?? 0);
    await stopDispatching();
    server.closeAllConnections();
    await closed;
    await Promise.all([
      store.close(),
      container.get<ConversationStore>(TOKENS.ConversationStore).close(),
      container.get<OptOuts>(TOKENS.OptOuts).close(),
      container.get<StaffCallbacks>(TOKENS.StaffCallbacks).close(),
    ]);
  };
  return {
    url,
    close: () => (closing ??= close()),
  };
}
