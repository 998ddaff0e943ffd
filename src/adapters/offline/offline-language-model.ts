import type { LanguageModel, ModelReply, ModelRequest } from '../../ports/language-model.js';
import { nextMove } from './dialogue/dialogue-policy.js';
import { nextMoveWithNames } from './dialogue/name-step.js';
import type { ReceptionistLanguage } from './receptionist-language.js';
import { loadReceptionistLanguages } from './receptionist-languages.js';

/**
 * A rule-based receptionist that needs no network and no key: it reads the patient's words with
 * fixed rules and answers with the same tool calls a hosted model would make, one at a time. It
 * is the default when no Gemini key is set and the fallback when Gemini fails. Deterministic: the
 * same turns at the same moment always give the same reply. It speaks the languages of its packs
 * (config/languages/), answering in the one the request asks for, else the patient's.
 */
export class OfflineLanguageModel implements LanguageModel {
  readonly name = 'offline';

  constructor(private readonly packs: readonly ReceptionistLanguage[] = loadReceptionistLanguages()) {}

  /** The languages it can answer in, as BCP-47 primary codes. */
  get languages(): string[] {
    return this.packs.map((pack) => pack.code);
  }

  async generate(request: ModelRequest): Promise<ModelReply> {
    const { turns, now, timeZone, clinic, medium, language } = request;
    const move = nextMoveWithNames(turns, request, this.packs, (cleaned) =>
      nextMove(cleaned, now, { timeZone, clinic, medium, ...(language ? { language } : {}) }, this.packs),
    );
    return 'call' in move ? { toolCalls: [move.call] } : { text: move.reply.text, toolCalls: [] };
  }
}
