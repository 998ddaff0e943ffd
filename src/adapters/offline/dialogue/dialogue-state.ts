import type { AppointmentView, SlotView } from '../../../application/tool-results.js';
import type { ConversationTurn, ToolCall, ToolResult } from '../../../ports/language-model.js';
import type { Moment, PartOfDay } from '../reading/reading.js';

/** The arguments of list_available_slots, exactly as sent. */
export interface SearchArgs {
  date: string;
  endDate?: string;
  partOfDay?: PartOfDay;
  time?: string;
}

/** What a search is for: a new booking, or a new time for an appointment the patient has. */
export type Purpose =
  | { kind: 'book'; provider?: string }
  | { kind: 'move'; appointment: AppointmentView; provider?: string };

/** The latest free slots the patient was told about: what "the 10:30" and "what about Tuesday?" refer to. */
export interface Offer {
  search: SearchArgs;
  slots: SlotView[];
  purpose: Purpose;
  /** The patient asked for that time (rather than it being the time of the appointment to move). */
  timeAsked: boolean;
}

/** The question the receptionist's last reply left open. */
export type Awaiting =
  | { kind: 'day'; purpose: Purpose; preference: Moment }
  | { kind: 'slot-choice' }
  | { kind: 'hold-confirmation'; slot: SlotView; purpose: Purpose }
  | { kind: 'cancel-confirmation'; appointment: AppointmentView }
  | { kind: 'appointment-choice'; action: 'cancel' | 'move'; candidates: AppointmentView[]; target: Moment };

/** What the conversation so far established, rebuilt from the turns on every call. */
export interface Memory {
  offer?: Offer;
  awaiting?: Awaiting;
}

export interface Step {
  call: ToolCall;
  response: ToolResult['response'];
}

/** One patient message and the tool calls made to answer it. */
export interface Exchange {
  text: string;
  steps: Step[];
}

/**
 * The turns as exchanges. Results come back in the order of the calls that asked for them;
 * anything before the first patient message (cut by the history window) is ignored.
 */
export function exchangesOf(turns: readonly ConversationTurn[]): Exchange[] {
  const exchanges: Exchange[] = [];
  let pending: ToolCall[] = [];
  for (const turn of turns) {
    if (turn.role === 'patient') {
      exchanges.push({ text: turn.text, steps: [] });
    } else if (turn.role === 'receptionist') {
      pending = turn.toolCalls ?? [];
    } else {
      const current = exchanges.at(-1);
      turn.results.forEach((result, index) => {
        const call = pending[index] ?? { name: result.name, args: {} };
        current?.steps.push({ call, response: result.response });
      });
      pending = [];
    }
  }
  return exchanges;
}
