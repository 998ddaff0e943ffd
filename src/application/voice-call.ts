import type { Clinic } from '../domain/clinic.js';
import type { ToolCall, ToolResult } from '../domain/conversation.js';
import { maskPhoneNumber, type PhoneNumber } from '../domain/phone-number.js';
import type { CallAudio } from '../ports/call-audio.js';
import type { CallControl } from '../ports/call-control.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Metrics } from '../ports/metrics.js';
import type { VoiceModel, VoiceSession } from '../ports/voice-model.js';
import type { BookingTools } from './booking-tools.js';
import { ToolCallCancelledError } from './cancellable-store.js';
import type { FrontDesk } from './front-desk.js';
import { voiceInstruction } from './instructions.js';
import { BOOKING_TOOLS, END_CALL_TOOL, MAX_TOOL_CALLS_PER_TURN, TOOL_NAMES, TRANSFER_TOOL } from './tool-catalog.js';
import { type CallEnding, type ToolResponse, toolFailure, tooManyToolCalls } from './tool-results.js';

/** What a caller still on the line hears when the server stops. */
export const LINE_CLOSING = "We're sorry, this line is closing now; please call back in a few minutes.";

/** The caller's end of the line, as the telephony adapter plays to it. */
export interface CallerLine {
  play(mulaw8k: Uint8Array): void;
  /** Flush what the caller has not heard yet. */
  clear(): void;
  /** Asks to be told (`markPlayed`) once everything sent before it has played. */
  mark(name: string): void;
  /** Ends the stream: the telephony goes on with the call without the receptionist. */
  close(): void;
}

/** One call: which it is, who is calling, their line and the converters of its audio. */
export interface CallParty {
  callSid: string;
  caller: PhoneNumber;
  line: CallerLine;
  audio: CallAudio;
}

/** What every call shares. */
export interface VoiceCallServices {
  model: VoiceModel;
  /** Tools for one tool call, whose writes stop once `signal` is aborted (a cancelled call). */
  toolsFor(signal: AbortSignal): BookingTools;
  /** Unset without the telephony's API: ending the stream then ends the call (its TwiML hangs up). */
  callControl?: CallControl;
  frontDesk: FrontDesk;
  clinic: Clinic;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Quiet time before asking whether the caller is still there; as long again, then goodbye. */
  silenceMs: number;
}

/**
 * One phone call with the live voice model: the caller's audio to the model, the model's voice to
 * the caller, its tool calls run as the caller's number. Barge-in flushes what the caller has not
 * heard; marks tell what they have; the line is put down, or the caller put through to the front
 * desk, only after what the receptionist said last has played.
 */
export class VoiceCall {
  private session?: VoiceSession;
  private connecting?: Promise<VoiceSession>;
  private readonly running = new Map<string, AbortController>();
  private marksSent = 0;
  private marksPlayed = 0;
  /** What follows once the caller has heard the turn in progress to its end. */
  private ending?: 'hang up' | 'transfer';
  private ended = false;
  /** Aborted when the call ends: a model session still connecting is given up, not left open. */
  private readonly hungUp = new AbortController();
  /** Cancels the silence timer running, if one is. */
  private silence?: () => void;
  private nudged = false;
  /**
   * Booking tool calls since the caller last spoke or pressed a key: the model's answer to one thing
   * the caller said, however many turns it takes, runs at most MAX_TOOL_CALLS_PER_TURN of them.
   */
  private toolCallsThisTurn = 0;
  private readonly callControl: CallControl;
  /** Resolved once the call has stopped, whoever ended it. */
  private readonly stopped: Promise<void>;
  private markStopped: () => void = () => {};

  constructor(
    private readonly party: CallParty,
    private readonly services: VoiceCallServices,
  ) {
    this.callControl = services.callControl ?? { hangUp: async () => party.line.close() };
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
  }

  /** Connects the model and has it greet the caller; resolves without a session when the call ended first. */
  async start(): Promise<void> {
    const { model, clinic, clock, metrics } = this.services;
    this.connecting = model.connect(
      {
        systemInstruction: voiceInstruction(clinic, clock.now(), this.transferTo() !== undefined),
        tools: [...BOOKING_TOOLS, END_CALL_TOOL, ...(this.transferTo() ? [TRANSFER_TOOL] : [])],
      },
      {
        audio: (pcm) => this.speak(pcm),
        interrupted: () => this.bargeIn(),
        turnComplete: () => this.listen(),
        toolCalls: (calls) => {
          for (const call of calls) void this.runTool(call);
        },
        toolCallsCancelled: (ids) => {
          for (const id of ids) this.running.get(id)?.abort();
        },
        transcript: (speaker) => speaker === 'caller' && this.heardCaller(),
        // The model is gone for good: the telephony carries the call on without it.
        closed: (reason) => {
          if (reason !== 'lost' || this.ended) return;
          metrics.modelCalled('voice', 'lost');
          this.party.line.close();
        },
      },
      this.hungUp.signal,
    );
    let session: VoiceSession;
    try {
      session = await this.connecting;
    } catch (error) {
      if (this.hungUp.signal.aborted) return;
      metrics.modelCalled('voice', 'failed');
      throw error;
    }
    metrics.modelCalled('voice', 'ok');
    // The call ended as the setup completed: nothing is to outlive it.
    if (this.hungUp.signal.aborted) return session.close();
    this.session = session;
    session.sendText('The caller has just been connected. Greet them.');
  }

  fromCaller(mulaw8k: Uint8Array): void {
    this.session?.sendAudio(this.party.audio.toModel(mulaw8k));
  }

  keypad(digit: string): void {
    this.heardCaller();
    this.session?.sendText(`The caller pressed ${digit} on the keypad.`);
  }

  markPlayed(): void {
    this.marksPlayed++;
    if (this.ending && this.marksPlayed >= this.marksSent) void this.finish();
  }

  /** The caller hung up or the stream stopped: the model session ends with it, even one still connecting. */
  async stop(): Promise<void> {
    this.ended = true;
    this.hungUp.abort();
    this.silence?.();
    for (const controller of this.running.values()) controller.abort();
    await this.session?.close();
    this.markStopped();
  }

  /**
   * The server is stopping: the caller is told that the line is closing, then the call ends. The
   * telephony says it where its API can; otherwise the receptionist is asked to, and the call ends as
   * after any goodbye, once it has been heard. Resolves with whether the caller was told (not when
   * the call was already ending, nor without a model session to ask). A receptionist that never says
   * it is left to the caller of this to cut.
   */
  async closeLine(): Promise<boolean> {
    if (this.ended) return false;
    const { callSid } = this.party;
    const { logger } = this.services;
    if (!this.callControl.sayThenHangUp) {
      if (!this.session) return false;
      this.session.sendText(
        `This phone line is closing now. Tell the caller exactly: "${LINE_CLOSING}" Then call end_call.`,
      );
      await this.stopped;
      // Hung up after the goodbye has played, or cut before it was said.
      return this.ending === 'hang up';
    }
    this.ended = true;
    this.silence?.();
    try {
      await this.callControl.sayThenHangUp(callSid, LINE_CLOSING);
    } catch (err) {
      logger.error({ callSid, err }, 'telling the caller that the line is closing failed');
      return false;
    }
    logger.info({ callSid }, 'call ended: the telephony told the caller that the line is closing');
    await this.session?.close();
    return true;
  }

  private speak(pcm24k: Int16Array) {
    this.silence?.();
    this.party.line.play(this.party.audio.toCaller(pcm24k));
  }

  private bargeIn() {
    this.party.audio.reset();
    this.party.line.clear();
    // Twilio answers a clear by returning the pending marks: from now on only new ones count.
    this.marksPlayed = this.marksSent;
  }

  private listen() {
    // One mark per turn: its echo tells that the caller has heard the turn to its end. A mark per
    // chunk would cost a message each way for every 20 ms of speech.
    this.party.line.mark(`turn-${++this.marksSent}`);
    if (this.ending) {
      if (this.marksPlayed >= this.marksSent) void this.finish();
      return;
    }
    this.silence?.();
    this.silence = this.services.clock.after(this.services.silenceMs, () => this.quiet());
  }

  private heardCaller() {
    this.silence?.();
    this.nudged = false;
    this.toolCallsThisTurn = 0;
  }

  private quiet() {
    if (this.ended) return;
    const prompt = this.nudged
      ? 'The caller is still silent. Say a short, polite goodbye and call end_call.'
      : 'The caller has been silent for a while. Ask briefly whether they are still there.';
    this.nudged = true;
    this.session?.sendText(prompt);
  }

  private async runTool(call: ToolCall) {
    const id = call.id ?? `${call.name}-${this.running.size}`;
    const { logger } = this.services;
    const { caller, callSid } = this.party;
    if (call.name === TOOL_NAMES.endCall) {
      this.ending = 'hang up';
      const ending: CallEnding = { ending: true };
      this.answer([{ id, name: call.name, response: ending }]);
      return;
    }
    if (call.name === TOOL_NAMES.transferToFrontDesk) {
      const open = this.transferTo() !== undefined && this.services.frontDesk.reachableNow() !== undefined;
      if (open) this.ending = 'transfer';
      const response: ToolResponse<typeof TOOL_NAMES.transferToFrontDesk> = open
        ? { transferring: true }
        : toolFailure(
            'FRONT_DESK_CLOSED',
            'The front desk is closed now: offer a call back from staff (hand_off_to_staff) instead.',
          );
      this.answer([{ id, name: call.name, response }]);
      return;
    }
    // Hanging up and putting through are never refused: only the tools that read and write the schedule count.
    if (++this.toolCallsThisTurn > MAX_TOOL_CALLS_PER_TURN) {
      logger.warn({ callSid, tool: call.name }, 'voice tool call refused: too many in one turn');
      this.answer([{ id, name: call.name, response: tooManyToolCalls(MAX_TOOL_CALLS_PER_TURN) }]);
      return;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    let response: ToolResponse;
    try {
      response = await this.services.toolsFor(controller.signal).run(caller, call, 'sms', 'voice');
    } catch (error) {
      if (error instanceof ToolCallCancelledError) {
        response = toolFailure('CANCELLED', 'cancelled before anything was changed');
      } else {
        logger.error({ callSid, tool: call.name, err: error }, 'voice tool call failed');
        response = toolFailure(
          'UNAVAILABLE',
          'that could not be done just now; offer to try again or hand off to staff',
        );
      }
    } finally {
      this.running.delete(id);
    }
    logger.info(
      { callSid, tool: call.name, ok: !('error' in response), caller: maskPhoneNumber(caller) },
      'voice tool call',
    );
    if (!controller.signal.aborted && !this.ended) this.answer([{ id, name: call.name, response }]);
  }

  /**
   * Tool results go back on the session. Gemini may call a tool in the messages that complete its
   * setup, which reach this call before `connect` has handed it the session: those are answered as
   * soon as it has.
   */
  private answer(results: ToolResult[]) {
    if (this.session) this.session.sendToolResults(results);
    // A session that never came (the call ended while connecting) has no one to answer.
    else
      void this.connecting?.then(
        (session) => session.sendToolResults(results),
        () => undefined,
      );
  }

  /** The front desk's number, where the call control can put a caller through. */
  private transferTo(): PhoneNumber | undefined {
    return this.callControl.transfer ? this.services.frontDesk.number : undefined;
  }

  private async finish() {
    if (this.ended) return;
    this.ended = true;
    this.silence?.();
    const { callControl } = this;
    const { callSid } = this.party;
    const { logger } = this.services;
    const frontDesk = this.transferTo();
    if (this.ending === 'transfer' && frontDesk) {
      try {
        await callControl.transfer!(callSid, frontDesk);
        logger.info({ callSid }, 'call put through to the front desk');
      } catch (err) {
        // The caller is still on the line with the receptionist: say so, and carry on.
        logger.error({ callSid, err }, 'putting the call through to the front desk failed');
        this.ended = false;
        this.ending = undefined;
        this.session?.sendText(
          'The transfer to the front desk did not go through. Apologize briefly, and offer a call back from staff (hand_off_to_staff).',
        );
        return;
      }
    } else {
      logger.info({ callSid }, 'call ended by the receptionist');
      await callControl.hangUp(callSid);
    }
    await this.session?.close();
  }
}
