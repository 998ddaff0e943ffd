import type { Content, Part, Tool } from '@google/genai';
import type { ConversationTurn } from '../../domain/conversation.js';
import type { ToolDeclaration } from '../../ports/language-model.js';

/**
 * Content that came from Gemini itself: only that may be sent back as is. A receptionist turn written
 * by another model (the offline fallback) carries no such content and is rebuilt instead.
 */
function isGeminiContent(raw: unknown): raw is Content {
  const content = raw as Content | null | undefined;
  return (
    typeof content === 'object' &&
    content !== null &&
    content.role === 'model' &&
    Array.isArray(content.parts) &&
    content.parts.length > 0 &&
    content.parts.every((part) => typeof part === 'object' && part !== null)
  );
}

function rebuiltModelParts(turn: Extract<ConversationTurn, { role: 'receptionist' }>): Part[] {
  return [
    ...(turn.text ? [{ text: turn.text }] : []),
    ...(turn.toolCalls ?? []).map(({ id, name, args }) => ({ functionCall: { ...(id ? { id } : {}), name, args } })),
  ];
}

/**
 * The conversation in Gemini's roles: the patient and the tool results speak as `user`, the
 * receptionist as `model`. Gemini's own content goes back untouched, because its thought
 * signatures must return exactly as they came or the next call is refused.
 */
export function contentsOf(turns: readonly ConversationTurn[]): Content[] {
  return turns.flatMap((turn): Content[] => {
    switch (turn.role) {
      case 'patient':
        return [{ role: 'user', parts: [{ text: turn.text }] }];
      case 'tool':
        return [
          {
            role: 'user',
            parts: turn.results.map(({ id, name, response }) => ({
              functionResponse: { ...(id ? { id } : {}), name, response },
            })),
          },
        ];
      default: {
        if (isGeminiContent(turn.raw)) return [turn.raw];
        const parts = rebuiltModelParts(turn);
        return parts.length > 0 ? [{ role: 'model', parts }] : [];
      }
    }
  });
}

/**
 * The catalog as function declarations. `parametersJsonSchema` takes the catalog's JSON schema
 * verbatim; `parameters` would need Gemini's upper-case OpenAPI types, and the SDK rewrites that
 * field in place on the object it is given.
 */
export function toolsOf(declarations: readonly ToolDeclaration[]): Tool[] {
  if (declarations.length === 0) return [];
  return [
    {
      functionDeclarations: declarations.map(({ name, description, parameters }) => ({
        name,
        description,
        parametersJsonSchema: parameters,
      })),
    },
  ];
}
