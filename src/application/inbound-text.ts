import type { BookingChannel } from '../domain/booking-channel.js';
import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import { fill, type LanguagePack } from '../domain/language-pack.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Clock } from '../ports/clock.js';
import type { OptOuts } from '../ports/opt-outs.js';
import type { PatientLanguages } from './patient-languages.js';
import type { Admission, RateLimiter } from './rate-limiter.js';
import type { ReceptionistAgent } from './receptionist-agent.js';
import type { WhatsappWindows } from './whatsapp-windows.js';

/** A text reply, or nothing at all when the patient must not be written to. */
export interface InboundReply {
  reply?: string;
  /** The message had been answered before (a redelivery): this is that reply, and nothing was done again. */
  repeated?: boolean;
  /**
   * The patient is over their messages a minute, and the message was not acted on (an opt-out alone
   * always is). The first such message in a minute gets a reply saying so; then none.
   */
  limited?: { retryAfterMs: number };
}

/** A patient's own text as taken in. */
export interface TakenText {
  /** Over the patient's messages a minute: decided before anything is done, so known without waiting for the reply. */
  limited: boolean;
  reply: Promise<InboundReply>;
}

/**
 * A patient's text from any channel. Carrier keywords come first and only as the whole message, as
 * carriers match them, in any language there is a pack for: "STOP" or "PARAR" opts out, "START" opts
 * back in, "HELP" or "AYUDA" describes the service, each answered in the keyword's language. Anything
 * else goes to the receptionist, unless the patient has opted out, in the language the patient writes. Each patient has a budget of
 * messages a minute (`messages`), far above what anyone types, so nobody can make the clinic answer,
 * or its model run, in a loop: past it a message is answered once, politely, and then not at all.
 */
export class InboundText {
  constructor(
    private readonly agent: ReceptionistAgent,
    private readonly optOuts: OptOuts,
    private readonly clinic: Clinic,
    private readonly clock: Clock,
    private readonly messages: RateLimiter,
    private readonly languages: PatientLanguages,
    private readonly whatsapp: WhatsappWindows,
  ) {}

  private say(pack: LanguagePack, reply: keyof LanguagePack['replies']): string {
    return fill(pack.replies[reply], { clinic: this.clinic.name });
  }

  /** A keyword is answered in its own language when the clinic offers it, else in the clinic's. */
  private keyword(keyword: string, kind: keyof LanguagePack['keywords']): LanguagePack | undefined {
    const pack = this.languages.keywordOf(keyword, kind);
    return pack && this.languages.packOf(pack.code);
  }

  private keywordOf(text: string): string {
    return text
      .trim()
      .replace(/[.!]+$/, '')
      .toUpperCase();
  }

  /**
   * The patient's own text, from their number on their channel (an SMS, a WhatsApp message).
   * `messageId`, the channel's id for the message, makes a redelivery of it get the first reply, not a second run.
   */
  handle(patient: PhoneNumber, text: string, channel: Channel = 'sms', messageId?: string): TakenText {
    const admission = this.messages.admit(patient, this.clock.now());
    return { limited: !admission.admitted, reply: this.answer(patient, text, admission, channel, messageId) };
  }

  private async answer(
    patient: PhoneNumber,
    text: string,
    admission: Admission,
    channel: Channel,
    messageId?: string,
  ): Promise<InboundReply> {
    // Any message opens WhatsApp's window, one not acted on too: WhatsApp counts it.
    if (channel === 'whatsapp') await this.whatsapp.opened(patient, this.clock.now());
    const keyword = this.keywordOf(text);
    const optOut = this.keyword(keyword, 'optOut');
    if (optOut) {
      await this.optOuts.optOut(patient, this.clock.now());
      // An opt-out is kept whatever the rate; past it, only its confirmation goes unsent.
      if (!admission.admitted) return { limited: { retryAfterMs: admission.retryAfterMs } };
      return { reply: this.say(optOut, 'optedOut') };
    }
    if (!admission.admitted) return this.refused(patient, admission);
    const optIn = this.keyword(keyword, 'optIn');
    if (optIn) {
      await this.optOuts.optIn(patient);
      return { reply: this.say(optIn, 'optedIn') };
    }
    return this.converse(patient, text, keyword, channel, channel, messageId);
  }

  /**
   * A text typed for a patient by someone else: staff or an integrator on the REST chat, or the
   * terminal. The receptionist answers as it would the patient, within the same messages a minute, but
   * whether the patient gets texts is theirs alone to say, from their own phone, so STOP and START
   * change nothing here.
   */
  async handleOnBehalf(patient: PhoneNumber, text: string): Promise<InboundReply> {
    const keyword = this.keywordOf(text);
    const admission = this.messages.admit(patient, this.clock.now());
    if (!admission.admitted) return this.refused(patient, admission);
    const carrierKeyword = this.keyword(keyword, 'optOut') ?? this.keyword(keyword, 'optIn');
    if (carrierKeyword) return { reply: this.say(carrierKeyword, 'onBehalf') };
    // Its texts still go to the patient's phone by SMS; what it books was booked in a chat.
    return this.converse(patient, text, keyword, 'sms', 'chat');
  }

  private async converse(
    patient: PhoneNumber,
    text: string,
    keyword: string,
    channel: Channel,
    bookedVia: BookingChannel,
    messageId?: string,
  ): Promise<InboundReply> {
    if (await this.optOuts.isOptedOut(patient)) return {};
    const help = this.keyword(keyword, 'help');
    if (help) return { reply: this.say(help, 'help') };
    const earlier = messageId === undefined ? undefined : await this.agent.earlierReply(patient, messageId);
    if (earlier !== undefined) return { reply: earlier, repeated: true };
    const { pack, notOffered } = await this.languages.heard(patient, text);
    const reply = await this.agent.reply(patient, text, channel, messageId, bookedVia, pack);
    return { reply: notOffered ? `${notOffered} ${reply}` : reply };
  }

  private async refused(
    patient: PhoneNumber,
    { retryAfterMs, first }: Extract<Admission, { admitted: false }>,
  ): Promise<InboundReply> {
    const limited = { retryAfterMs };
    if (!first || (await this.optOuts.isOptedOut(patient))) return { limited };
    return { limited, reply: this.say(await this.languages.packFor(patient), 'limited') };
  }
}
