/** Injection tokens for the ports; the composition root binds an adapter to each. */
export const TOKENS = {
  BookingStore: Symbol.for('BookingStore'),
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  Logger: Symbol.for('Logger'),
  Clinic: Symbol.for('Clinic'),
  LanguageModel: Symbol.for('LanguageModel'),
  ConversationStore: Symbol.for('ConversationStore'),
  Messenger: Symbol.for('Messenger'),
  OptOuts: Symbol.for('OptOuts'),
  StaffCallbacks: Symbol.for('StaffCallbacks'),
  VoiceModel: Symbol.for('VoiceModel'),
  CallControl: Symbol.for('CallControl'),
} as const;
