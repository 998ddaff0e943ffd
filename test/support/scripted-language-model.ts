import type { LanguageModel, ModelReply, ModelRequest } from '../../src/ports/language-model.js';

/**
 * A stand-in model for channel tests, where the model's wording is beside the point: it answers
 * each patient text with `reply(text)`, after `delayMs`, and counts its calls.
 */
export class EchoLanguageModel implements LanguageModel {
  readonly name = 'echo';
  calls = 0;

  constructor(
    private readonly delayMs = 0,
    private readonly reply = (text: string) => `You said: ${text}`,
  ) {}

  async generate(request: ModelRequest): Promise<ModelReply> {
    this.calls++;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const last = request.turns.at(-1);
    return { text: this.reply(last?.role === 'patient' ? last.text : ''), toolCalls: [] };
  }
}
