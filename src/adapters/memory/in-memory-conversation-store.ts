import {
  type ConversationLimits,
  type ConversationTurn,
  conversationWindow,
  DEFAULT_CONVERSATION_LIMITS,
  type StampedTurn,
  stampedWindow,
} from '../../domain/conversation.js';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { ConversationStore } from '../../ports/conversation-store.js';

export class InMemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, StampedTurn[]>();

  constructor(private readonly limits: ConversationLimits = DEFAULT_CONVERSATION_LIMITS) {}

  async recent(patient: PhoneNumber, now: number): Promise<ConversationTurn[]> {
    return structuredClone(conversationWindow(this.conversations.get(patient) ?? [], this.limits, now));
  }

  async recentStamped(patient: PhoneNumber, now: number): Promise<StampedTurn[]> {
    return structuredClone(stampedWindow(this.conversations.get(patient) ?? [], this.limits, now));
  }

  async append(patient: PhoneNumber, turns: readonly ConversationTurn[], now: number): Promise<void> {
    const kept = (this.conversations.get(patient) ?? []).filter(({ at }) => at > now - this.limits.maxAgeMs);
    kept.push(...turns.map((turn) => ({ turn: structuredClone(turn), at: now })));
    this.conversations.set(patient, kept.slice(-this.limits.maxTurns));
  }

  async forget(patient: PhoneNumber): Promise<void> {
    this.conversations.delete(patient);
  }

  async close(): Promise<void> {}
}
