import type { Channel } from '../domain/channel.js';
import { maskPhoneNumber, type PhoneNumber } from '../domain/phone-number.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Messenger } from '../ports/messenger.js';
import type { WebhookOutcome } from '../ports/metrics.js';
import type { InboundReply, InboundText } from './inbound-text.js';
import { RecentMessages } from './recent-messages.js';

/** A patient's text as a channel delivered it. */
export interface IncomingText {
  patient: PhoneNumber;
  text: string;
  channel: Channel;
  /** The channel's id of the message (Twilio's MessageSid, two-way SMS's inboundMessageId). */
  messageId: string;
  /** The id of this delivery of it: the message id again on Twilio, the envelope's MessageId on SNS. */
  deliveryId: string;
}

/** How a delivery was taken: a first one, a repeat of one taken before, or one past the patient's messages a minute. */
export type DeliveryOutcome = Exclude<WebhookOutcome, 'forged'>;

interface Delivery {
  reply: Promise<InboundReply>;
  limited: boolean;
  /** The reply went, or goes, out as a message: no channel response may carry it a second time. */
  byMessage: boolean;
}

/**
 * Answers a patient's text once per delivery, however often the channel repeats it. A channel that
 * can carry the reply in its own response (Twilio's TwiML) gets it there when it is ready within the
 * channel's deadline; otherwise, or where the channel has no such response (SNS), the reply goes out
 * through the Messenger once it is ready.
 */
export class ReplyToText {
  private readonly deliveries = new RecentMessages<Delivery>();
  /** Replies to go out as messages once ready: a stop waits for them before the stores close. */
  private readonly owed = new Set<Promise<void>>();

  constructor(
    private readonly inbound: InboundText,
    private readonly messenger: Messenger,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * `inlineWithinMs`: how long the channel waits for its response (a wall-clock deadline, as the
   * channel's own timeout is); unset where the channel takes no reply in its response.
   * `reply`: what the channel's response carries, if anything. A repeat is known by its delivery id,
   * or, where the reply is waited for, by the stored conversation (after a restart, or on another server).
   */
  async execute(message: IncomingText, inlineWithinMs?: number): Promise<{ outcome: DeliveryOutcome; reply?: string }> {
    const { value: delivery, first } = this.deliveries.remember(message.deliveryId, this.clock.now(), () =>
      this.start(message),
    );
    const log = { messageId: message.messageId, channel: message.channel, from: maskPhoneNumber(message.patient) };
    const taken = (replay: boolean): DeliveryOutcome =>
      replay ? 'duplicate' : delivery.limited ? 'limited' : 'accepted';
    if (inlineWithinMs === undefined) {
      this.logger.info({ ...log, replay: !first }, 'inbound text');
      if (first) this.sendWhenReady(message, delivery, 'messages only');
      return { outcome: taken(!first) };
    }
    const answered = await withinDeadline(delivery.reply, inlineWithinMs);
    const late = answered === 'late';
    const replay = !first || (!late && answered.repeated === true);
    this.logger.info({ ...log, replay, late }, 'inbound text');
    if (late) {
      if (first) this.sendWhenReady(message, delivery, 'responses');
      return { outcome: taken(replay) };
    }
    const reply = delivery.byMessage ? undefined : answered.reply;
    return { outcome: taken(replay), ...(reply ? { reply } : {}) };
  }

  private start(message: IncomingText): Delivery {
    const { limited, reply } = this.inbound.handle(message.patient, message.text, message.channel, message.messageId);
    // Failed work is forgotten, so that the channel's retry of it gets a fresh try.
    reply.catch(() => this.deliveries.forget(message.deliveryId));
    return { reply, limited, byMessage: false };
  }

  /**
   * `answersBy`: where this channel answered before. A reply given in a channel response may have
   * been lost with it (that is why the channel delivers again), so a repeat there is answered again;
   * a reply sent as a message was not lost, so a repeat on a messages-only channel is not.
   */
  private sendWhenReady(message: IncomingText, delivery: Delivery, answersBy: 'responses' | 'messages only'): void {
    delivery.byMessage = true;
    const sending = this.send(message, delivery, answersBy)
      .catch((err: unknown) =>
        this.logger.error({ err, messageId: message.messageId }, 'sending the reply to a text failed'),
      )
      .finally(() => this.owed.delete(sending));
    this.owed.add(sending);
  }

  /** Resolves once every reply owed as a message so far has been sent, or has failed. */
  async owedRepliesSent(): Promise<number> {
    const owed = [...this.owed];
    await Promise.all(owed);
    return owed.length;
  }

  private async send(message: IncomingText, delivery: Delivery, answersBy: 'responses' | 'messages only') {
    const { reply, repeated } = await delivery.reply;
    // An opted-out patient's text gets no reply at all (a STOP's own confirmation is a reply, and goes out).
    if (repeated && answersBy === 'messages only')
      return this.logger.info({ messageId: message.messageId }, 'text already answered');
    if (!reply) return;
    const { providerId } = await this.messenger.send({ to: message.patient, channel: message.channel, body: reply });
    this.logger.info({ messageId: message.messageId, providerId, to: maskPhoneNumber(message.patient) }, 'reply sent');
  }
}

function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
