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

/** Answers as EchoLanguageModel does, but each call only once the test lets it: a model as slow as a test needs. */
export class HeldLanguageModel extends EchoLanguageModel {
  private readonly held: (() => void)[] = [];
  private arrived: () => void = () => {};

  override async generate(request: ModelRequest): Promise<ModelReply> {
    const released = new Promise<void>((resolve) => this.held.push(resolve));
    this.arrived();
    await released;
    return super.generate(request);
  }

  /** Resolves once `count` calls have come, answered or not. */
  async waiting(count: number): Promise<void> {
    while (this.held.length < count) await new Promise<void>((resolve) => (this.arrived = resolve));
  }

  /** Lets the `index`-th call (from 0) answer. */
  answer(index: number): void {
    this.held[index]?.();
  }

  answerAll(): void {
    for (const release of this.held) release();
  }
}
