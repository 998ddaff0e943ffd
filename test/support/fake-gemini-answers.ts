import type { IncomingHttpHeaders } from 'node:http';
import type { Content, FunctionCall, Tool } from '@google/genai';

/** The body of a generateContent call, as the SDK put it on the wire. */
export interface GenerateContentBody {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
}

export interface FakeGeminiRequest {
  method: string;
  path: string;
  apiVersion: string;
  model: string;
  headers: IncomingHttpHeaders;
  body: GenerateContentBody;
  /** performance.now() when the request arrived: the gaps between retries. */
  receivedAt: number;
}

/** One HTTP answer of the fake Gemini server, or a connection cut before any answer. */
export type FakeGeminiResponse =
  | { status: number; body: string; headers?: Record<string, string>; delayMs?: number }
  | { dropConnection: true };

/**
 * Scripted answers may depend on the request, as the model name in a 404 does, or wait for the test
 * (a promise), so that a request stays in flight as long as the test needs.
 */
export type FakeGeminiAnswer =
  | FakeGeminiResponse
  | Promise<FakeGeminiResponse>
  | ((request: FakeGeminiRequest) => FakeGeminiResponse);

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeGeminiResponse => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
});

const USAGE = { promptTokenCount: 412, candidatesTokenCount: 18, totalTokenCount: 430 };

function candidate(content: Content, finishReason = 'STOP') {
  return json(200, {
    candidates: [{ content, finishReason, index: 0 }],
    usageMetadata: USAGE,
    modelVersion: 'gemini-2.0-flash',
    responseId: 'fake-response',
  });
}

/** The signature Gemini's thinking models put on the first function call of a turn. */
export const THOUGHT_SIGNATURE = 'CiQBcsjafKvZ0eMXPhTyMXdNpRIYcc7rLI2qvRzBD5B1D0RnMPQ=';

export function textAnswer(text: string): FakeGeminiResponse {
  return candidate({ role: 'model', parts: [{ text }] });
}

/** Function calls as Gemini sends them: only the first part of the turn carries the signature. */
export function functionCallAnswer(
  calls: FunctionCall[],
  options: { thoughtSignature?: string; text?: string } = {},
): FakeGeminiResponse {
  const { thoughtSignature = THOUGHT_SIGNATURE, text } = options;
  const parts = calls.map((functionCall, index) => ({
    functionCall,
    ...(index === 0 && thoughtSignature ? { thoughtSignature } : {}),
  }));
  return candidate({ role: 'model', parts: [...(text ? [{ text }] : []), ...parts] });
}

export function googleError(code: number, status: string, message: string, details?: unknown[]): FakeGeminiResponse {
  return json(code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

/** A spent quota, as Gemini reports it: the wait it wants comes in a RetryInfo detail, if at all. */
export function rateLimited(options: { retryDelay?: string; retryAfterHeader?: string } = {}): FakeGeminiResponse {
  const details = options.retryDelay
    ? [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            },
          ],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: options.retryDelay },
      ]
    : undefined;
  const answer = googleError(
    429,
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details.',
    details,
  );
  return options.retryAfterHeader && 'status' in answer
    ? { ...answer, headers: { ...answer.headers, 'retry-after': options.retryAfterHeader } }
    : answer;
}

export function serverError(status: 500 | 503 = 500): FakeGeminiResponse {
  return status === 503
    ? googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.')
    : googleError(
        500,
        'INTERNAL',
        'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
      );
}

/** Gemini's answer to a model name it does not serve, worded for the model and API version asked for. */
export const modelNotFound: FakeGeminiAnswer = (request) =>
  googleError(
    404,
    'NOT_FOUND',
    `models/${request.model} is not found for API version ${request.apiVersion}, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
  );

/** A body cut short, as a broken proxy might deliver it. */
export function malformedBody(): FakeGeminiResponse {
  return {
    status: 200,
    body: '{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hel',
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  };
}

/** A conversation Gemini's safety filters stop: no candidates, only the reason. */
export function blockedPrompt(blockReason = 'SAFETY'): FakeGeminiResponse {
  return json(200, { promptFeedback: { blockReason }, usageMetadata: USAGE });
}

/** A candidate cut off with nothing in it, as when the model produced a malformed function call. */
export function emptyCandidate(finishReason = 'MALFORMED_FUNCTION_CALL'): FakeGeminiResponse {
  return json(200, { candidates: [{ finishReason, index: 0 }], usageMetadata: USAGE });
}

export function slow(delayMs: number, answer: FakeGeminiResponse): FakeGeminiResponse {
  return 'status' in answer ? { ...answer, delayMs } : answer;
}

export const droppedConnection: FakeGeminiResponse = { dropConnection: true };
