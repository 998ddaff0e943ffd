import { setTimeout as sleep } from 'node:timers/promises';
import { type GenerateContentParameters, GoogleGenAI } from '@google/genai';
import {
  type LanguageModel,
  LanguageModelError,
  type ModelReply,
  type ModelRequest,
} from '../../ports/language-model.js';
import { type GeminiEndpoint, geminiClientOptions } from './gemini-client-options.js';
import { contentsOf, toolsOf } from './gemini-contents.js';
import { judgeFailure, type RetryableFailure } from './gemini-failures.js';
import { replyOf } from './gemini-reply.js';
import { backoffMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

const CALLER_GAVE_UP = 'the caller stopped waiting before Gemini answered';

/** What the composition root reads from the environment (GEMINI_API_KEY, GEMINI_MODEL, GOOGLE_GEMINI_BASE_URL, GEMINI_API_VERSION, GEMINI_TIMEOUT_MS). */
export interface GeminiSettings extends GeminiEndpoint {
  model: string;
  /** For each attempt; the caller's signal bounds the whole call, retries included. */
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * The receptionist's words from Gemini's `generateContent`, with the tool catalog as function
 * declarations. It retries what may pass (429, 5xx, lost connections) within a bounded policy and
 * turns everything else into the port's LanguageModelError, so the agent can fall back.
 */
export class GeminiLanguageModel implements LanguageModel {
  readonly name: string;

  constructor(
    private readonly client: GoogleGenAI,
    private readonly model: string,
    private readonly timeoutMs: number,
    private readonly retryPolicy: RetryPolicy,
    private readonly apiKey: string,
  ) {
    this.name = `gemini:${model}`;
  }

  async generate(request: ModelRequest, signal?: AbortSignal): Promise<ModelReply> {
    const tools = toolsOf(request.tools);
    const params: GenerateContentParameters = {
      model: this.model,
      contents: contentsOf(request.turns),
      config: { systemInstruction: request.systemInstruction, ...(tools.length > 0 ? { tools } : {}) },
    };
    for (let retry = 0; ; retry++) {
      const outcome = await this.attempt(params, signal);
      if ('reply' in outcome) return outcome.reply;
      const attempts = retry + 1;
      if (retry === this.retryPolicy.retries)
        throw this.error(
          `Gemini is unavailable after ${attempts} attempt${attempts === 1 ? '' : 's'}; last: ${outcome.reason}`,
          'unavailable',
        );
      const waitMs = outcome.waitMs ?? backoffMs(retry, this.retryPolicy);
      if (waitMs > this.retryPolicy.maxDelayMs) {
        throw this.error(
          `Gemini asked to wait ${Math.ceil(waitMs / 1000)} s before retrying, longer than ${this.retryPolicy.maxDelayMs} ms; last: ${outcome.reason}`,
          'unavailable',
        );
      }
      try {
        await sleep(waitMs, undefined, signal ? { signal } : {});
      } catch {
        throw this.error(CALLER_GAVE_UP, 'timeout');
      }
    }
  }

  /** One call: Gemini's reply, or a failure worth another try; any other failure is thrown as final. */
  private async attempt(
    params: GenerateContentParameters,
    signal: AbortSignal | undefined,
  ): Promise<{ reply: ModelReply } | RetryableFailure> {
    if (signal?.aborted) throw this.error(CALLER_GAVE_UP, 'timeout');
    const attemptTimeout = AbortSignal.timeout(this.timeoutMs);
    let retryAfter: string | null = null;
    // The SDK's ApiError keeps the status but drops the headers; this keeps Retry-After.
    const fetchKeepingRetryAfter: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      retryAfter = response.headers.get('retry-after');
      return response;
    };
    try {
      const abortSignal = signal ? AbortSignal.any([signal, attemptTimeout]) : attemptTimeout;
      const response = await this.client.models.generateContent({
        ...params,
        config: { ...params.config, abortSignal, httpOptions: { fetch: fetchKeepingRetryAfter } },
      });
      return { reply: replyOf(response) };
    } catch (error) {
      if (error instanceof LanguageModelError) throw error;
      if (signal?.aborted) throw this.error(CALLER_GAVE_UP, 'timeout');
      // A slow answer is not retried: what is left of the caller's budget is better spent on its fallback.
      if (attemptTimeout.aborted) throw this.error(`Gemini did not answer within ${this.timeoutMs} ms`, 'timeout');
      const failure = judgeFailure(error, this.model, retryAfter, Date.now());
      if (!failure.retry) throw this.error(failure.message, failure.kind);
      return failure;
    }
  }

  /** Gemini's messages are quoted in ours; a proxy in front of it might echo the key, so it is masked. */
  private error(message: string, kind: LanguageModelError['kind']): LanguageModelError {
    return new LanguageModelError(this.apiKey ? message.replaceAll(this.apiKey, '[GEMINI_API_KEY]') : message, kind);
  }
}

export function createGeminiLanguageModel(settings: GeminiSettings): GeminiLanguageModel {
  const client = new GoogleGenAI(geminiClientOptions(settings));
  return new GeminiLanguageModel(
    client,
    settings.model,
    settings.timeoutMs,
    { ...DEFAULT_RETRY_POLICY, ...settings.retry },
    settings.apiKey,
  );
}
