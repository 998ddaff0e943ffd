import type { GoogleGenAIOptions } from '@google/genai';

/** How both Gemini adapters reach the Gemini API. */
export interface GeminiEndpoint {
  apiKey: string;
  /** Another server speaking Gemini's protocol: a proxy, or a fake in tests. */
  baseUrl?: string;
  /** Always given: the SDK's own default moved from v1beta to v1 between releases. */
  apiVersion: string;
}

export function geminiClientOptions({ apiKey, baseUrl, apiVersion }: GeminiEndpoint): GoogleGenAIOptions {
  return {
    apiKey,
    // Set, so that GOOGLE_GENAI_USE_VERTEXAI in the environment cannot send the key to Vertex AI.
    vertexai: false,
    // Set, so that GOOGLE_GENAI_API_VERSION in the environment cannot move the adapters elsewhere unseen.
    apiVersion,
    ...(baseUrl ? { httpOptions: { baseUrl } } : {}),
  };
}
