import type { ConversationTurn, StampedTurn } from '../domain/conversation.js';
import type { PhoneNumber } from '../domain/phone-number.js';

/**
 * Each patient's conversation, never shared between patients. Stores keep at most `maxTurns` turns
 * and forget turns older than `maxAgeMs`, so an old exchange never steers a new one.
 */
export interface ConversationStore {
  recent(patient: PhoneNumber, now: number): Promise<ConversationTurn[]>;
  /** The turns `recent` gives, each with the time it was appended at: for staff reading the conversation. */
  recentStamped(patient: PhoneNumber, now: number): Promise<StampedTurn[]>;
  append(patient: PhoneNumber, turns: readonly ConversationTurn[], now: number): Promise<void>;
  forget(patient: PhoneNumber): Promise<void>;
  close(): Promise<void>;
}

//END
