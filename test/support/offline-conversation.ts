import { OfflineLanguageModel } from '../../src/adapters/offline/offline-language-model.js';
import { BOOKING_TOOLS } from '../../src/application/tool-catalog.js';
import type { ConversationTurn } from '../../src/domain/conversation.js';
import type { ClinicFacts, ModelReply } from '../../src/ports/language-model.js';
import { MONDAY_9AM } from './times.js';

export interface ConversationSetting {
  clinic: ClinicFacts;
  model?: OfflineLanguageModel;
  now?: number;
  medium?: 'text' | 'speech';
  /** The language the request names, as the application passes it; none leaves the model to tell. */
  language?: string;
}

/**
 * A conversation with the offline model in New York, the tool results typed in as the booking tools
 * give them: each step is what the model is asked with every turn so far.
 */
export class OfflineConversation {
  readonly turns: ConversationTurn[] = [];
  readonly replies: string[] = [];
  private readonly model: OfflineLanguageModel;

  constructor(private readonly setting: ConversationSetting) {
    this.model = setting.model ?? new OfflineLanguageModel();
  }

  patient(text: string): Promise<ModelReply> {
    this.turns.push({ role: 'patient', text });
    return this.next();
  }

  toolAnswers(response: Record<string, unknown>): Promise<ModelReply> {
    const last = this.turns.at(-1);
    if (last?.role !== 'receptionist' || !last.toolCalls) throw new Error('the model made no call to answer');
    this.turns.push({ role: 'tool', results: [{ name: last.toolCalls[0]!.name, response }] });
    return this.next();
  }

  private async next(): Promise<ModelReply> {
    const { clinic, now = MONDAY_9AM, medium = 'text', language } = this.setting;
    const reply = await this.model.generate({
      systemInstruction: '',
      turns: [...this.turns],
      tools: BOOKING_TOOLS,
      now,
      timeZone: 'America/New_York',
      clinic,
      medium,
      ...(language ? { language } : {}),
    });
    if (reply.text) this.replies.push(reply.text);
    this.turns.push({
      role: 'receptionist',
      ...(reply.text ? { text: reply.text } : {}),
      ...(reply.toolCalls.length ? { toolCalls: reply.toolCalls } : {}),
    });
    return reply;
  }
}
