import type { Clinic } from '../domain/clinic.js';
import type { BookingStore } from './booking-store.js';
import type { CalendarFeeds } from './calendar-feeds.js';
import type { CallControl } from './call-control.js';
import type { ClinicTokens } from './clinic-tokens.js';
import type { Clinics } from './clinics.js';
import type { Clock } from './clock.js';
import type { ConversationStore } from './conversation-store.js';
import type { IdGenerator } from './id-generator.js';
import type { LanguageModel } from './language-model.js';
import type { Logger } from './logger.js';
import type { Messenger } from './messenger.js';
import type { Metrics } from './metrics.js';
import type { OptOuts } from './opt-outs.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SecretTokens } from './secret-tokens.js';
import type { StaffAccounts } from './staff-accounts.js';
import type { StaffCallbacks } from './staff-callbacks.js';
import type { StaffSessions } from './staff-sessions.js';
import type { VoiceModel } from './voice-model.js';

/** A port's injection token: a symbol that carries the port's type, so the root's bindings are type-checked. */
export type Token<T> = symbol & { readonly __port?: T };

/** A new token, typed for what is bound under it. */
export const token = <T>(name: string) => Symbol.for(name) as Token<T>;

/** Injection tokens for the ports; the composition root binds an adapter to each. */
export const TOKENS = {
  BookingStore: token<BookingStore>('BookingStore'),
  Clock: token<Clock>('Clock'),
  IdGenerator: token<IdGenerator>('IdGenerator'),
  Logger: token<Logger>('Logger'),
  Clinic: token<Clinic>('Clinic'),
  LanguageModel: token<LanguageModel>('LanguageModel'),
  ConversationStore: token<ConversationStore>('ConversationStore'),
  Messenger: token<Messenger>('Messenger'),
  OptOuts: token<OptOuts>('OptOuts'),
  StaffCallbacks: token<StaffCallbacks>('StaffCallbacks'),
  VoiceModel: token<VoiceModel>('VoiceModel'),
  CallControl: token<CallControl>('CallControl'),
  Clinics: token<Clinics>('Clinics'),
  ClinicTokens: token<ClinicTokens>('ClinicTokens'),
  SecretTokens: token<SecretTokens>('SecretTokens'),
  Metrics: token<Metrics>('Metrics'),
  CalendarFeeds: token<CalendarFeeds>('CalendarFeeds'),
  StaffAccounts: token<StaffAccounts>('StaffAccounts'),
  StaffSessions: token<StaffSessions>('StaffSessions'),
  PasswordHasher: token<PasswordHasher>('PasswordHasher'),
} as const;
