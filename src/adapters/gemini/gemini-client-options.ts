import type { GoogleGenAIOptions } from '@google/genai';

export const GEMINI_API_VERSIONS = ['v1', 'v1beta', 'v1alpha'] as const;
export type GeminiApiVersion = (typeof GEMINI_API_VERSIONS)[number];

/**
 * `v1beta`, where Gemini documents the Live API and serves its preview native-audio models. The SDK
 * itself defaults to `v1` since 3.0; a clinic whose models are all on `v1` can choose it.
 */
export const DEFAULT_GEMINI_API_VERSION: GeminiApiVersion = 'v1beta';

/** How both Gemini adapters reach the Gemini API. */
export interface GeminiEndpoint {
  apiKey: string;
  /** Another server speaking Gemini's protocol: a proxy, or a fake in tests. */
  baseUrl?: string;
  apiVersion?: GeminiApiVersion;
}

export function geminiClientOptions({
  apiKey,
  baseUrl,
  apiVersion = DEFAULT_GEMINI_API_VERSION,
}: GeminiEndpoint): GoogleGenAIOptions {
  return {
    apiKey,
    // Set, so that GOOGLE_GENAI_USE_VERTEXAI in the environment cannot send the key to Vertex AI.
    vertexai: false,
    // Set, so that GOOGLE_GENAI_API_VERSION in the environment cannot move the adapters elsewhere unseen.
    apiVersion,
    ...(baseUrl ? { httpOptions: { baseUrl } } : {}),
  };
}
