import type { Clinic } from '../domain/clinic.js';
import type { ConversationTurn, ToolCall } from '../domain/conversation.js';

/** What the receptionist may tell patients of their clinic; its locale is how days and times are written and said. */
export type ClinicFacts = Pick<
  Clinic,
  'name' | 'locale' | 'weeklyHours' | 'address' | 'description' | 'frontDeskNumber'
>;

/** A JSON-schema object describing a tool's parameters, as both Gemini and the offline model read it. */
interface JsonSchema {
  type: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: string[];
  items?: JsonSchema;
}

export interface ToolDeclaration {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface ModelRequest {
  systemInstruction: string;
  turns: ConversationTurn[];
  tools: ToolDeclaration[];
  /** Epoch ms and the clinic's zone: what "tomorrow" and "Friday" mean. */
  now: number;
  timeZone: string;
  /**
   * The language to answer in (BCP-47 primary code, e.g. `es`), from the patient's message or the
   * language remembered for them. Without it, or in a language the model lacks, the model answers
   * in the language of the patient's latest message.
   */
  language?: string;
  clinic: ClinicFacts;
  /** Whether the reply is read (a text) or heard (a call through speech recognition). */
  medium: 'text' | 'speech';
  /** What the patient is called, when the clinic knows: to greet them by. Never a proof of who they are. */
  patientName?: string;
  /** The clinic remembers names and knows none for this patient: ask for it once, while booking. */
  askName?: boolean;
}

export interface ModelReply {
  text?: string;
  toolCalls: ToolCall[];
  raw?: unknown;
}

/** Thrown by an adapter when the model cannot answer (after its own retries). */
export class LanguageModelError extends Error {
  constructor(
    message: string,
    readonly kind: 'unavailable' | 'unknown-model' | 'bad-response' | 'timeout',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface LanguageModel {
  readonly name: string;
  generate(request: ModelRequest, signal?: AbortSignal): Promise<ModelReply>;
}
