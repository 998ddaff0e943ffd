import type { ConversationLimits } from '../ports/conversation-store.js';
import type { ConversationTurn } from '../ports/language-model.js';

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
  const fresh = turns.filter(({ at }) => at > now - limits.maxAgeMs).slice(-limits.maxTurns);
  const start = fresh.findIndex(({ turn }) => turn.role === 'patient');
  return start < 0 ? [] : fresh.slice(start).map(({ turn }) => turn);
}
