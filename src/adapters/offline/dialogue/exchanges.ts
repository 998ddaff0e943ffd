import type { ConversationTurn, ToolCall, ToolResult } from '../../../domain/conversation.js';

/** One tool call made for a patient's message, and what it answered. */
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
