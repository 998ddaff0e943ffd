import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CallsDrained } from './adapters/twilio/media-stream.js';
import type { ClinicServices } from './application/clinic-services.js';
import type { LogContext } from './ports/log-context.js';
import type { Logger } from './ports/logger.js';

/** What the server hands its HTTP upgrades to: the live call streams, when calls are bridged. */
interface UpgradeHandler {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  drain(timeoutMs: number): Promise<CallsDrained>;
}

export interface AppParts {
  handleRequest: RequestListener;
  streams?: UpgradeHandler;
  /** Every clinic served: each its own horizon to keep open, outbox to send and replies owed. */
  clinics: { all(): Promise<ClinicServices[]> };
  logger: Logger;
  /** Where each background round's request id goes, for every line logged while it runs. */
  logContext: LogContext;
  warnings: string[];
  /**
   * How often the outbox is polled (0: never, on this server), how long calls may drain, and how
   * long a stop waits for replies still owed.
   */
  timing: { outboxPollMs: number; callDrainMs: number; shutdownGraceMs: number };
  /** What must hold before the server takes anything: the store's tables exist and answer, and it has a clinic. */
  checks?: (() => Promise<void>)[];
  /** Everything to close once nothing more runs: the stores. */
  closables: { close(): Promise<void> }[];
  /** The live-update streams, which never end on their own: a stop ends them first. */
  liveStreams?: { endAll(): void };
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
    const { logger, clinics, warnings, timing, checks = [] } = this.parts;
    for (const check of checks) await check();
    for (const warning of warnings) logger.warn({}, warning);
    // Each clinic's horizon is opened as the clinic is first served: every one, now.
    await clinics.all();
    this.republish = setInterval(() => {
      this.eachClinic(({ publishSlots }) => publishSlots.execute()).catch((err: unknown) =>
        logger.error({ err }, 'publishing slots failed'),
      );
    }, REPUBLISH_EVERY_MS).unref();
    if (timing.outboxPollMs > 0) this.stopDispatching = this.dispatchEvery(timing.outboxPollMs);
  }

  /**
   * Calls in progress may finish, up to the drain time, still booking and sending their confirmations;
   * then the callers still on the line are told that it is closing, and their calls end.
   */
  async drainCalls(): Promise<CallsDrained> {
    clearInterval(this.republish);
    return (await this.parts.streams?.drain(this.parts.timing.callDrainMs)) ?? { finished: 0, told: 0, cut: 0 };
  }

  /** Ends the live-update streams, and any asked for from now on: browsers reconnect to another server. */
  endLiveStreams(): void {
    this.parts.liveStreams?.endAll();
  }

  async stop(): Promise<void> {
    clearInterval(this.republish);
    await this.sendOwedReplies();
    await this.stopDispatching();
    await Promise.all(this.parts.closables.map((closable) => closable.close()));
  }

  /**
   * A text answered late is answered by a message once its reply is ready; its turns are written then
   * too. Closing the stores under it would lose both, so a stop waits for it, up to the grace time.
   */
  private async sendOwedReplies(): Promise<void> {
    const { timing, logger } = this.parts;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'cut'>(
      (resolve) => (timer = setTimeout(() => resolve('cut'), timing.shutdownGraceMs)),
    );
    const owed = this.eachClinic(({ replies }) => replies.owedRepliesSent()).then((sent) =>
      sent.reduce((sum, n) => sum + n, 0),
    );
    const sent = await Promise.race([owed, deadline]);
    clearTimeout(timer);
    if (sent === 'cut') logger.warn({}, 'replies to texts still owed at the grace deadline were not sent');
    else if (sent > 0) logger.info({ sent }, 'replies owed to texts sent before stopping');
  }

  /** Polls the outbox; a round still running when the next is due is not doubled. */
  private dispatchEvery(everyMs: number): () => Promise<void> {
    const { logger, logContext } = this.parts;
    const stopping = new AbortController();
    let running: Promise<void> | undefined;
    // Each round has a request id of its own, as a request has, on every line it logs.
    const round = () => {
      running ??= logContext
        .run({ requestId: randomUUID() }, () =>
          this.eachClinic(({ dispatcher }) => dispatcher.execute(stopping.signal)).then(
            () => undefined,
            (err: unknown) => logger.error({ err }, 'dispatching notifications failed'),
          ),
        )
        .finally(() => {
          running = undefined;
        });
    };
    const timer = setInterval(round, everyMs).unref();
    round();
    // Stopping waits for the notification being sent, so nothing is sent through a store already
    // closed, and no longer: the round claims no other.
    return async () => {
      clearInterval(timer);
      stopping.abort();
      if (running) logger.info({}, 'outbox: the round ends with the notification being sent');
      await running;
    };
  }

  /** Runs `work` for each clinic served, one after the other: a round is one clinic's at a time. */
  private async eachClinic<T>(work: (clinic: ClinicServices) => Promise<T>): Promise<T[]> {
    const done: T[] = [];
    for (const clinic of await this.parts.clinics.all()) done.push(await work(clinic));
    return done;
  }
}
