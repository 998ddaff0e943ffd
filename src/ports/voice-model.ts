import type { ToolCall, ToolResult } from '../domain/conversation.js';
import type { ToolDeclaration } from './language-model.js';

/** Telephone audio is 8 kHz; a model that takes only 16 kHz is sent it resampled. */
export type CallerSampleRate = 8_000 | 16_000;

export interface VoiceSessionSetup {
  systemInstruction: string;
  tools: ToolDeclaration[];
}

/** What a live voice model tells the call, as it happens. Audio out is PCM16 mono at 24 kHz. */
export interface VoiceSessionEvents {
  audio(pcm24k: Int16Array): void;
  /** The caller spoke over the receptionist: stop playing what is queued, at once. */
  interrupted(): void;
  turnComplete(): void;
  /** Calls carry ids; answer each with a ToolResult of the same id. */
  toolCalls(calls: ToolCall[]): void;
  /** The model no longer wants these calls' results: they must not commit afterwards. */
  toolCallsCancelled(ids: string[]): void;
  transcript(speaker: 'caller' | 'receptionist', text: string): void;
  /**
   * The session ended for good: `ended` when closed on purpose, `lost` when the connection dropped
   * and could not be resumed (the call should fall back).
   */
  closed(reason: 'ended' | 'lost'): void;
}

export interface VoiceSession {
  /** PCM16 mono at the model's `callerSampleRate`, as the caller speaks. */
  sendAudio(pcm: Int16Array): void;
  /** Text the caller did not speak: keypad digits, or a nudge after silence. */
  sendText(text: string): void;
  sendToolResults(results: ToolResult[]): void;
  close(): Promise<void>;
}

/**
 * A realtime voice model (Gemini Live). The adapter keeps its session alive on its own: a goAway or a
 * dropped connection is resumed with the session-resumption handle before `closed('lost')` is told.
 */
export interface VoiceModel {
  readonly name: string;
  /** The rate of the caller's audio the model is sent: the telephone's own, or twice it. */
  readonly callerSampleRate: CallerSampleRate;
  /**
   * Once `callEnded` is aborted while the session is still being set up, whatever connection is
   * being opened is closed at once and the promise rejects: no session outlives its call.
   */
  connect(setup: VoiceSessionSetup, events: VoiceSessionEvents, callEnded?: AbortSignal): Promise<VoiceSession>;
}
