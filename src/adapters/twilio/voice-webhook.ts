import { Router } from '@koa/router';
import type { Context } from 'koa';
import twilio from 'twilio';
import { endsTheCall } from '../../application/farewell.js';
import type { FrontDesk } from '../../application/front-desk.js';
import type { PatientLanguages } from '../../application/patient-languages.js';
import type { RateLimiter } from '../../application/rate-limiter.js';
import type { ReceptionistAgent } from '../../application/receptionist-agent.js';
import { type Clinic, type ClinicId, languagesOf } from '../../domain/clinic.js';
import { detectLanguage } from '../../domain/language-detection.js';
import { fill, type LanguagePack } from '../../domain/language-pack.js';
import { maskPhoneNumber, type PhoneNumber, parsePhoneNumber } from '../../domain/phone-number.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';
import type { Metrics } from '../../ports/metrics.js';
import { dialFrontDesk } from './front-desk-dial.js';
import type { LiveCallSeats } from './live-call-seats.js';
import type { StreamCredentials } from './stream-credential.js';
import { ID, readForm, refuseForm, TEXT } from './twilio-form.js';
import { verifyTwilioSignature, type WebhookAuth } from './twilio-signature.js';

export const VOICE_WEBHOOK_PATH = '/voice/webhook';
export const VOICE_GATHER_PATH = '/voice/gather';
export const VOICE_STREAM_PATH = '/voice/stream';
export const VOICE_TRANSFER_ENDED_PATH = '/voice/transfer-ended';

/** Twilio's DialCallStatus values for a dial that reached someone. */
const ANSWERED = new Set(['completed', 'answered']);

export interface VoiceWebhookOptions {
  auth: WebhookAuth;
  /** The clinic a call is for, by the number called (Twilio's `To`); none owns the number, no clinic. */
  clinicFor: (to: string) => Promise<CalledClinic | undefined>;
  logger: Logger;
  /**
   * Set when calls are bridged to a live voice model: it gives each call's stream its credential.
   * Unset (no model, or no TWILIO_AUTH_TOKEN to check streams with), Twilio's speech IVR answers.
   */
  liveStreams: StreamCredentials | undefined;
  /** The live calls this server may carry at once; the calls past them get the speech IVR. */
  seats: LiveCallSeats;
  clock: Clock;
  /**
   * With Twilio REST credentials the receptionist hangs up through the API, so a stream that closes
   * early can only mean the model was lost: Twilio then goes on to the speech IVR. Without them,
   * closing the stream is how a call is ended, and what follows it is a hang-up.
   */
  afterStream: 'fall back to IVR' | 'hang up';
  apiPrefix: string;
  /** Each caller's messages a minute, shared with their texts: an incoming call and each speech turn take one. */
  messages: RateLimiter;
  metrics: Metrics;
}

/** What answers a call for one clinic: its receptionist, and its front desk (callers of the speech IVR may press 0 for it). */
export interface CalledClinic {
  clinic: Clinic;
  agent: ReceptionistAgent;
  languages: PatientLanguages;
  frontDesk: FrontDesk;
  /** Where a live stream's calls start: its credential names the clinic, as this webhook found it. */
  clinicId: ClinicId;
}

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayAttributes = Exclude<Parameters<VoiceResponse['say']>[0], string>;
type Speech = Required<Pick<SayAttributes, 'language' | 'voice'>>;
type GatherLanguage = NonNullable<Parameters<VoiceResponse['gather']>[0]>['language'];

/** How Twilio speaks and listens in a pack's language (the pack names what Twilio documents). */
const speechOf = (pack: LanguagePack): Speech => ({
  language: pack.voice.language as Speech['language'],
  voice: pack.voice.voice as Speech['voice'],
});

/**
 * Twilio's voice webhooks. With a live voice model, the call is connected to a bidirectional Media
 * Stream; without one (no key, or the model lost mid-call), Twilio's own speech recognition and
 * synthesis carry the same receptionist and tools, turn by turn.
 */
/** The packs of the languages a called clinic offers. */
const languagesOfPacks = ({ clinic, languages }: CalledClinic) =>
  new Set(languagesOf(clinic).map((code) => languages.packOf(code)));

export function voiceWebhook(options: VoiceWebhookOptions): Router {
  const { auth, clinicFor, logger, apiPrefix, seats, clock, messages, metrics } = options;
  const router = new Router();
  const gatherUrl = `${apiPrefix}${VOICE_GATHER_PATH}`;
  const signedByTwilio = verifyTwilioSignature(auth, metrics, 'twilio_voice');

  function answer(ctx: Context, response: VoiceResponse, limited = false) {
    metrics.webhook('twilio_voice', limited ? 'limited' : 'accepted');
    ctx.type = 'text/xml';
    ctx.body = response.toString();
  }

  /** Asks in `pack`'s language and listens in it; the next turn is told which language the call is in. */
  function ask(response: VoiceResponse, sentence: string, pack: LanguagePack) {
    const speech = speechOf(pack);
    // One key is a whole answer: "press 0", "press 1 to confirm".
    const gather = response.gather({
      input: ['speech', 'dtmf'],
      action: `${gatherUrl}?language=${pack.code}`,
      method: 'POST',
      speechTimeout: 'auto',
      timeout: 6,
      numDigits: 1,
      language: speech.language as GatherLanguage,
    });
    gather.say(speech, sentence);
    response.say(speech, pack.voice.silence);
    response.hangup();
  }

  /** The clinic's other languages, each offered in its own words with its key: "Para español, oprima dos." */
  function otherLanguages({ clinic, languages }: CalledClinic, pack: LanguagePack): string[] {
    return languagesOf(clinic)
      .map((code) => languages.packOf(code))
      .filter((other, i, all) => other.code !== pack.code && all.indexOf(other) === i)
      .map((other) => other.voice.offer);
  }

  /** The language a turn of the call is in: the one its previous prompt named, if the clinic offers it. */
  function callLanguage(called: CalledClinic, named: unknown): LanguagePack {
    return called.languages.packOf(typeof named === 'string' ? named : undefined);
  }

  /** A key that picks another of the clinic's languages than the call's. */
  function pickedLanguage(
    { clinic, languages }: CalledClinic,
    digits: string | undefined,
    current: LanguagePack,
  ): LanguagePack | undefined {
    return languagesOf(clinic)
      .map((code) => languages.packOf(code))
      .find((pack) => pack.voice.digit === digits && pack !== current);
  }

  // The credential travels in the path: Twilio refuses a stream URL with a query string, and signs the path.
  function streamUrl(host: string, credential: string) {
    const base = auth.publicBaseUrl ? new URL(auth.publicBaseUrl).host : host;
    return `wss://${base}${apiPrefix}${VOICE_STREAM_PATH}/${credential}`;
  }

  function offerStream(callSid: string): boolean {
    if (seats.offer(callSid, clock.now())) return true;
    logger.warn({ callSid, maxCalls: seats.max }, 'live calls at VOICE_MAX_CALLS: this call gets the speech IVR');
    return false;
  }

  /**
   * Whether the caller is past their messages a minute: then told so once, and turned away without a
   * word after; a new call not even answered (`reject`), so it costs the clinic nothing.
   */
  function turnedAway(
    { name }: Clinic,
    response: VoiceResponse,
    caller: PhoneNumber,
    callSid: string | undefined,
    unanswered: 'reject' | 'hang up',
  ): boolean {
    const admission = messages.admit(caller, clock.now());
    if (admission.admitted) return false;
    logger.warn({ callSid, from: maskPhoneNumber(caller), told: admission.first }, 'caller over the message rate');
    if (admission.first) {
      response.say(
        `${name} has had a lot of calls and messages from this number in a short time. Please try again in a few minutes. Goodbye.`,
      );
      response.hangup();
    } else if (unanswered === 'reject') response.reject();
    else response.hangup();
    return true;
  }

  /**
   * A number no clinic owns books nothing: the caller hears so and the call ends. Undefined then, and
   * the response already says it.
   */
  async function calledClinic(ctx: Context, to: string | undefined, callSid: string | undefined) {
    const called = await clinicFor(to ?? '');
    if (!called) {
      logger.warn({ callSid }, 'a call to a number no clinic has');
      const response = new twilio.twiml.VoiceResponse();
      response.say('Sorry, this number does not take appointments. Goodbye.');
      response.hangup();
      answer(ctx, response);
    }
    return called;
  }

  router.post(VOICE_WEBHOOK_PATH, signedByTwilio, async (ctx) => {
    const read = readForm(ctx, { From: ID, To: ID, CallSid: ID });
    if (!read.ok) return refuseForm(ctx, read.error);
    const form = read.value;
    const called = await calledClinic(ctx, form.To, form.CallSid);
    if (!called) return;
    const { clinic, frontDesk, clinicId } = called;
    const caller = parsePhoneNumber(form.From ?? '');
    const response = new twilio.twiml.VoiceResponse();
    const limited = caller.ok && turnedAway(clinic, response, caller.value, form.CallSid, 'reject');
    if (!caller.ok) {
      response.say(
        `Thank you for calling ${clinic.name}. We could not read your number, so we cannot book by phone. Please call the front desk. Goodbye.`,
      );
      response.hangup();
    } else if (limited) {
      // Told, or not, by turnedAway.
    } else if (options.liveStreams && form.CallSid && ctx.query.fallback === undefined && offerStream(form.CallSid)) {
      // The stream's call and caller are the credential's, as this signed request gives them; nothing the stream says.
      const credential = options.liveStreams.issue({ callSid: form.CallSid, caller: caller.value, clinicId });
      response.connect().stream({ url: streamUrl(ctx.host, credential) });
      if (options.afterStream === 'hang up') response.hangup();
      else response.redirect({ method: 'POST' }, `${apiPrefix}${VOICE_WEBHOOK_PATH}?fallback=1`);
    } else {
      const fellBack = ctx.query.fallback !== undefined;
      if (fellBack) metrics.fellBack('voice');
      const pack = await called.languages.packFor(caller.value);
      const opening = fellBack
        ? "Sorry, we lost the line to our assistant for a moment. Let's carry on. How can I help?"
        : fill(pack.voice.greeting, { clinic: clinic.name });
      const frontDeskOffer = frontDesk.reachableNow() ? [pack.voice.frontDeskOffer] : [];
      ask(response, [opening, ...frontDeskOffer, ...otherLanguages(called, pack)].join(' '), pack);
    }
    logger.info(
      {
        callSid: form.CallSid,
        from: caller.ok ? maskPhoneNumber(caller.value) : 'unreadable',
        live: options.liveStreams !== undefined,
      },
      'incoming call',
    );
    answer(ctx, response, limited);
  });

  router.post(VOICE_GATHER_PATH, signedByTwilio, async (ctx) => {
    const read = readForm(ctx, { From: ID, To: ID, CallSid: ID, SpeechResult: TEXT, Digits: 32 });
    if (!read.ok) return refuseForm(ctx, read.error);
    const form = read.value;
    const called = await calledClinic(ctx, form.To, form.CallSid);
    if (!called) return;
    const { clinic, frontDesk, agent, languages } = called;
    const caller = parsePhoneNumber(form.From ?? '');
    const response = new twilio.twiml.VoiceResponse();
    let pack = callLanguage(called, ctx.query.language);
    // Only a key for another language switches: the same key may answer the receptionist in this one.
    const picked = pickedLanguage(called, form.Digits, pack);
    const spoken = (form.SpeechResult ?? '').trim();
    // A caller who speaks another of the clinic's languages is answered in it from then on.
    const detected = spoken && languages.packOf(detectLanguage(spoken, [...languagesOfPacks(called)], pack.code));
    const switched = picked ?? (detected && detected.code !== pack.code ? detected : undefined);
    if (switched) pack = switched;
    const heard = spoken || (form.Digits ? fill(pack.voice.pressed, { digit: form.Digits }) : '');
    const frontDeskNumber = frontDesk.reachableNow();
    const limited = caller.ok && turnedAway(clinic, response, caller.value, form.CallSid, 'hang up');
    if (!caller.ok) {
      response.hangup();
    } else if (limited) {
      // Told, or not, by turnedAway.
    } else if (form.Digits === '0' && frontDeskNumber) {
      response.say(speechOf(pack), pack.voice.puttingThrough);
      dialFrontDesk(response, frontDeskNumber, `${apiPrefix}${VOICE_TRANSFER_ENDED_PATH}`);
    } else if (picked) {
      await languages.remember(caller.value, picked.code);
      ask(response, fill(picked.voice.greeting, { clinic: clinic.name }), picked);
    } else if (!heard) {
      ask(response, pack.voice.missed, pack);
    } else if (endsTheCall(heard, pack.voice)) {
      response.say(speechOf(pack), fill(pack.voice.goodbye, { clinic: clinic.name }));
      response.hangup();
    } else {
      if (switched) await languages.remember(caller.value, switched.code);
      ask(response, await agent.reply(caller.value, heard, 'sms', undefined, 'voice', pack), pack);
    }
    answer(ctx, response, limited);
  });

  // After a transfer's dial: nothing more when the front desk answered; a call back when it did not.
  router.post(VOICE_TRANSFER_ENDED_PATH, signedByTwilio, async (ctx) => {
    const read = readForm(ctx, { From: ID, To: ID, CallSid: ID, DialCallStatus: 32 });
    if (!read.ok) return refuseForm(ctx, read.error);
    const form = read.value;
    const called = await calledClinic(ctx, form.To, form.CallSid);
    if (!called) return;
    const { frontDesk } = called;
    const caller = parsePhoneNumber(form.From ?? '');
    const response = new twilio.twiml.VoiceResponse();
    if (!ANSWERED.has(form.DialCallStatus ?? '') && caller.ok) {
      await frontDesk.unanswered(caller.value, 'sms');
      response.say(
        'Sorry, nobody at the front desk could take your call just now. Someone will call you back on this number during opening hours. Goodbye.',
      );
    }
    response.hangup();
    logger.info({ callSid: form.CallSid, dialStatus: form.DialCallStatus }, 'transfer to the front desk ended');
    answer(ctx, response);
  });
  return router;
}
