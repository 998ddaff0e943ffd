import type { IncomingMessage, RequestListener } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DispatchNotifications } from './application/dispatch-notifications.js';
import type { PublishSlots } from './application/publish-slots.js';
import type { Logger } from './ports/logger.js';

/** What the server hands its HTTP upgrades to: the live call streams, when calls are bridged. */
interface UpgradeHandler {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  drain(timeoutMs: number): Promise<void>;
}

export interface AppParts {
  handleRequest: RequestListener;
  streams?: UpgradeHandler;
  publishSlots: PublishSlots;
  dispatcher: DispatchNotifications;
  logger: Logger;
  warnings: string[];
  /** How often the outbox is polled (0: never, on this server), and how long calls may drain. */
  timing: { outboxPollMs: number; callDrainMs: number };
  /** What must hold before the server takes anything: the store's tables exist and answer, and it has a clinic. */
  checks?: (() => Promise<void>)[];
  /** Everything to close once nothing more runs: the stores. */
  closables: { close(): Promise<void> }[];
}

const REPUBLISH_EVERY_MS = 60 * 60 * 1000;

/**
 * The receptionist as the server runs it: requests and upgrades in; the booking horizon kept open and
 * the outbox sent in the background, on the wall clock (how often a server does its rounds is not the
 * clinic's time).
 */
export class ReceptionistApp {
  private republish?: NodeJS.Timeout;
  private stopDispatching: () => Promise<void> = async () => {};

  constructor(private readonly parts: AppParts) {}

  get logger(): Logger {
    return this.parts.logger;
  }

  readonly handleRequest: RequestListener = (request, response) => this.parts.handleRequest(request, response);

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.parts.streams?.handleUpgrade(request, socket, head)) socket.destroy();
  }

  /** Opens the booking horizon now, then keeps it rolling forward each hour and the outbox going. */
  async start(): Promise<void> {
    const { logger, publishSlots, warnings, timing, checks = [] } = this.parts;
    for (const check of checks) await check();
    for (const warning of warnings) logger.warn({}, warning);
    logger.info({ added: await publishSlots.execute() }, 'slots published');
    this.republish = setInterval(() => {
      publishSlots.execute().catch((err: unknown) => logger.error({ err }, 'publishing slots failed'));
    }, REPUBLISH_EVERY_MS).unref();
    if (timing.outboxPollMs > 0) this.stopDispatching = this.dispatchEvery(timing.outboxPollMs);
  }

  /** Calls in progress may finish, up to the drain time, still booking and sending their confirmations. */
  async drainCalls(): Promise<void> {
    clearInterval(this.republish);
    await this.parts.streams?.drain(this.parts.timing.callDrainMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.republish);
    await this.stopDispatching();
    await Promise.all(this.parts.closables.map((closable) => closable.close()));
  }

  /** Polls the outbox; a round still running when the next is due is not doubled. */
  private dispatchEvery(everyMs: number): () => Promise<void> {
    const { dispatcher, logger } = this.parts;
    let running: Promise<void> | undefined;
    const round = () => {
      running ??= dispatcher
        .execute()
        .then(
          () => undefined,
          (err: unknown) => logger.error({ err }, 'dispatching notifications failed'),
        )
        .finally(() => {
          running = undefined;
        });
    };
    const timer = setInterval(round, everyMs).unref();
    round();
    // Stopping waits for the round in flight, so nothing is sent through a store already closed.
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
