/**
 * A conversation with a patient, as kept between their messages: what they said, what the
 * receptionist said and which tools it called, and what the tools answered.
 */

export interface ToolCall {
  /** Set by models that number their calls (Gemini Live); echoed back with the result. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export interface ToolResult {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/**
 * One entry of a conversation. A receptionist turn keeps `raw`, the model's own content, so that it
 * can be sent back intact (Gemini requires its thought signatures to come back unchanged).
 */
export type ConversationTurn =
  /** `messageId`: the channel's id of the message (Twilio's MessageSid), so a redelivery is known again. */
  | { role: 'patient'; text: string; messageId?: string }
  | { role: 'receptionist'; text?: string; toolCalls?: ToolCall[]; raw?: unknown }
  | { role: 'tool'; results: ToolResult[] };

/** How much of a conversation a model may see: at most `maxTurns` turns, none older than `maxAgeMs`. */
export interface ConversationLimits {
  maxTurns: number;
  maxAgeMs: number;
}

export interface StampedTurn {
  turn: ConversationTurn;
  at: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = { maxTurns: 40, maxAgeMs: 24 * 60 * 60 * 1000 };

/**
 * The turns a model may see: recent enough, at most `maxTurns`, and starting at a patient's message,
 * so no tool result is ever cut from the call it answers. Every conversation store applies it.
 */
export function conversationWindow(
  turns: readonly StampedTurn[],
  limits: ConversationLimits,
  now: number,
): ConversationTurn[] {
  return stampedWindow(turns, limits, now).map(({ turn }) => turn);
}

/** The same window, each turn with when it was appended: what staff read of a conversation. */
export function stampedWindow(turns: readonly StampedTurn[], limits: ConversationLimits, now: number): StampedTurn[] {
  const fresh = turns.filter(({ at }) => at > now - limits.maxAgeMs).slice(-limits.maxTurns);
  const start = fresh.findIndex(({ turn }) => turn.role === 'patient');
  return start < 0 ? [] : fresh.slice(start);
}
