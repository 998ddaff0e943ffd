/** A JSON-schema object describing a tool's parameters, as both Gemini and the offline model read it. */
export interface JsonSchema {
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

export interface ToolCall {
  /** Set by models that number their calls (Gemini Live); echoed back with the result. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export interface ToolResult {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/**
 * One entry of a conversation. A receptionist turn keeps `raw`, the model's own content, so that it
 * can be sent back intact (Gemini requires its thought signatures to come back unchanged).
 */
export type ConversationTurn =
  /** `messageId`: the channel's id of the message (Twilio's MessageSid), so a redelivery is known again. */
  | { role: 'patient'; text: string; messageId?: string }
  | { role: 'receptionist'; text?: string; toolCalls?: ToolCall[]; raw?: unknown }
  | { role: 'tool'; results: ToolResult[] };

export interface ModelRequest {
  systemInstruction: string;
  turns: ConversationTurn[];
  tools: ToolDeclaration[];
  /** Epoch ms and the clinic's zone: what "tomorrow" and "Friday" mean. */
  now: number;
  timeZone: string;
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
