import type { ToolCall } from '../../../domain/conversation.js';
import type { Awaiting } from './dialogue-state.js';

/** What a reply does, for tests and the NLU benchmark to check without matching its words. */
export type ReplyKind =
  | 'menu'
  | 'hours'
  | 'already-then'
  | 'ask-which-date'
  | 'location'
  | 'welcome'
  | 'not-understood'
  | 'nothing-to-confirm'
  | 'anything-else'
  | 'ask-day'
  | 'offer'
  | 'no-slots'
  | 'ask-which-slot'
  | 'holding'
  | 'held-again'
  | 'booked'
  | 'confirm-move'
  | 'moved'
  | 'confirm-cancel'
  | 'cancelled'
  | 'kept'
  | 'released'
  | 'choose-appointment'
  | 'appointments'
  | 'no-appointments'
  | 'handed-off'
  | 'name-noted'
  | 'problem';

/** An answer in words, and the question it leaves open for the patient's next message. */
export interface Reply {
  kind: ReplyKind;
  text: string;
  awaiting?: Awaiting;
}

/** The next thing the receptionist does: call one tool, or answer the patient. */
export type Move = { call: ToolCall } | { reply: Reply };
