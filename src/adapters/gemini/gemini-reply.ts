import type { Candidate, FunctionCall, GenerateContentResponse } from '@google/genai';
import type { ToolCall } from '../../domain/conversation.js';
import { LanguageModelError, type ModelReply } from '../../ports/language-model.js';

const badResponse = (message: string) => new LanguageModelError(message, 'bad-response');

const finishedBecause = (candidate: Candidate | undefined) =>
  candidate?.finishReason ? ` (finishReason ${candidate.finishReason})` : '';

function toolCallOf(call: FunctionCall): ToolCall {
  const { id, name, args = {} } = call;
  if (typeof name !== 'string' || name === '') throw badResponse('Gemini called a tool without naming it');
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    throw badResponse(`Gemini called ${name} with arguments that are not an object`);
  return { ...(typeof id === 'string' && id ? { id } : {}), name, args };
}

/**
 * What the receptionist said, from the first candidate. An answer with neither words nor a tool call
 * (a safety block, a malformed call, an empty body) is an error, so the caller can fall back instead
 * of sending the patient nothing.
 */
export function replyOf(response: GenerateContentResponse): ModelReply {
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) throw badResponse(`Gemini refused to answer this conversation (blockReason ${blocked})`);
  const candidate = response.candidates?.[0];
  const content = candidate?.content;
  const parts = content?.parts;
  if (!Array.isArray(parts)) throw badResponse(`Gemini answered without content${finishedBecause(candidate)}`);

  // Thought summaries are the model's notes to itself, not words for the patient.
  const text = parts.flatMap((part) => (typeof part?.text === 'string' && !part.thought ? [part.text] : [])).join('');
  const toolCalls = parts.flatMap((part) => (part?.functionCall ? [toolCallOf(part.functionCall)] : []));
  if (text.trim() === '' && toolCalls.length === 0)
    throw badResponse(`Gemini answered with neither words nor a tool call${finishedBecause(candidate)}`);
  return { ...(text.trim() ? { text } : {}), toolCalls, raw: content };
}
