import type { LanguageModel, ModelReply, ModelRequest } from '../../ports/language-model.js';
import { nextMove } from './dialogue/dialogue-policy.js';

/**
 * A rule-based receptionist that needs no network and no key: it reads the patient's words with
 * fixed rules and answers with the same tool calls a hosted model would make, one at a time. It
 * is the default when no Gemini key is set and the fallback when Gemini fails. Deterministic: the
 * same turns at the same moment always give the same reply.
 */
export class OfflineLanguageModel implements LanguageModel {
  readonly name = 'offline';

  async generate(request: ModelRequest): Promise<ModelReply> {
    const { turns, now, timeZone, clinic, medium } = request;
    const move = nextMove(turns, now, { timeZone, clinic, medium });
    return 'call' in move ? { toolCalls: [move.call] } : { text: move.reply.text, toolCalls: [] };
  }
}
