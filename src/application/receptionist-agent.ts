import type { BookingChannel } from '../domain/booking-channel.js';
import type { Channel } from '../domain/channel.js';
import type { Clinic } from '../domain/clinic.js';
import type { ConversationTurn, ToolResult } from '../domain/conversation.js';
import type { LanguagePack } from '../domain/language-pack.js';
import { maskPhoneNumber, type PhoneNumber } from '../domain/phone-number.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import { type LanguageModel, LanguageModelError, type ModelReply } from '../ports/language-model.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { BookingTools } from './booking-tools.js';
import { textInstruction } from './instructions.js';
import type { PatientNames } from './patient-names.js';
import { BOOKING_TOOLS, MAX_TOOL_CALLS_PER_TURN, TOOL_NAMES } from './tool-catalog.js';
import { toolFailure, tooManyToolCalls } from './tool-results.js';

export interface AgentLimits {
  /** Model calls per patient message: a model that keeps calling tools is stopped. */
  maxRounds: number;
  /** Tool calls run per model call; the rest are answered TOO_MANY_TOOL_CALLS without running. */
  maxToolCallsPerTurn: number;
  /** Wall-clock budget for one reply, model calls and tools together. */
  maxMillis: number;
}

const DEFAULT_AGENT_LIMITS: AgentLimits = {
  maxRounds: 6,
  maxToolCallsPerTurn: MAX_TOOL_CALLS_PER_TURN,
  maxMillis: 25_000,
};

/**
 * The conversation loop: history and the patient's message go to the model; its tool calls run
 * through the use cases as that patient; results go back until the model answers in words.
 */
export class ReceptionistAgent {
  constructor(
    private readonly model: LanguageModel,
    private readonly fallback: LanguageModel | undefined,
    private readonly tools: BookingTools,
    private readonly conversations: ConversationStore,
    private readonly clinic: Clinic,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    /** What a patient whose language is not known is answered in: the clinic's first. */
    private readonly defaultLanguage: LanguagePack,
    /** Where the clinic remembers what its patients are called; without it, names are neither used nor asked. */
    private readonly names?: PatientNames,
    private readonly limits: AgentLimits = DEFAULT_AGENT_LIMITS,
  ) {}

  /**
   * The reply this patient was given to the message with this channel id, if it was answered: a
   * webhook delivered again, perhaps to another server or after a restart, is answered from the
   * stored conversation instead of being acted on twice.
   */
  async earlierReply(patient: PhoneNumber, messageId: string): Promise<string | undefined> {
    const turns = await this.conversations.recent(patient, this.clock.now());
    const asked = turns.findIndex((turn) => turn.role === 'patient' && turn.messageId === messageId);
    if (asked < 0) return undefined;
    const next = turns.findIndex((turn, index) => index > asked && turn.role === 'patient');
    // The reply is the last thing the receptionist said before the patient spoke again.
    return turns
      .slice(asked + 1, next < 0 ? undefined : next)
      .flatMap((turn) => (turn.role === 'receptionist' && turn.text ? [turn.text] : []))
      .at(-1);
  }

  /**
   * `bookedVia`: where the conversation takes place, when not the patient's own texts on `channel`.
   * `language`: what the model answers in, and the clinic's own words when it cannot.
   */
  async reply(
    patient: PhoneNumber,
    message: string,
    channel: Channel = 'sms',
    messageId?: string,
    bookedVia: BookingChannel = channel,
    language: LanguagePack = this.defaultLanguage,
  ): Promise<string> {
    const unavailable = language.replies.unavailable;
    const now = this.clock.now();
    const [history, name] = await Promise.all([this.conversations.recent(patient, now), this.names?.nameOf(patient)]);
    const naming = this.names ? (name ? { patientName: name } : { askName: true }) : {};
    const added: ConversationTurn[] = [{ role: 'patient', text: message, ...(messageId ? { messageId } : {}) }];
    const deadline = AbortSignal.timeout(this.limits.maxMillis);
    const heldInThisReply = new Set<string>();
    // A call carried by speech recognition (the speech IVR) is heard, not read.
    const medium = bookedVia === 'voice' ? 'speech' : 'text';
    let model = this.model;
    let text: string | undefined;

    for (let round = 0; round < this.limits.maxRounds && text === undefined && !deadline.aborted; round++) {
      let answer: ModelReply;
      try {
        answer = await model.generate(
          {
            systemInstruction: textInstruction(this.clinic, now, medium, language.code, naming),
            turns: [...history, ...added],
            tools: BOOKING_TOOLS,
            now,
            timeZone: this.clinic.timeZone,
            clinic: this.clinic,
            medium,
            language: language.code,
            ...naming,
          },
          deadline,
        );
        this.metrics.modelCalled('text', 'ok');
      } catch (error) {
        this.metrics.modelCalled('text', 'failed');
        if (!(error instanceof LanguageModelError) || !this.fallback || model === this.fallback) throw error;
        this.metrics.fellBack('text');
        this.logger.warn(
          {
            model: model.name,
            fallback: this.fallback.name,
            kind: error.kind,
            reason: error.message,
            patient: maskPhoneNumber(patient),
          },
          'language model failed; falling back',
        );
        model = this.fallback;
        round--;
        continue;
      }
      added.push({
        role: 'receptionist',
        ...(answer.text ? { text: answer.text } : {}),
        ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}),
        ...(answer.raw === undefined ? {} : { raw: answer.raw }),
      });
      if (answer.toolCalls.length === 0) {
        text = answer.text?.trim() || unavailable;
        break;
      }
      const results: ToolResult[] = [];
      for (const [index, call] of answer.toolCalls.entries()) {
        const response =
          index >= this.limits.maxToolCallsPerTurn
            ? tooManyToolCalls(this.limits.maxToolCallsPerTurn)
            : call.name === TOOL_NAMES.confirmAppointment && heldInThisReply.has(String(call.args?.slotId))
              ? toolFailure(
                  'CONFIRMATION_REQUIRED',
                  'The patient has not confirmed this slot yet: tell them the day and time and ask first.',
                )
              : await this.tools.run(patient, call, channel, bookedVia);
        if (call.name === TOOL_NAMES.holdSlot && !('error' in response)) heldInThisReply.add(String(call.args?.slotId));
        this.logger.info(
          { tool: call.name, ok: !('error' in response), patient: maskPhoneNumber(patient) },
          'tool call',
        );
        results.push({ ...(call.id ? { id: call.id } : {}), name: call.name, response });
      }
      added.push({ role: 'tool', results });
    }

    const reply = text ?? unavailable;
    if (text === undefined) added.push({ role: 'receptionist', text: reply });
    await this.conversations.append(patient, added, now);
    return reply;
  }
}
