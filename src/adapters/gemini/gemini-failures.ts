import { ApiError } from '@google/genai';
import type { LanguageModelError } from '../../ports/language-model.js';
import { retryAfterMs } from './retry-policy.js';

/** A failed attempt worth another try, after `waitMs` if the server said how long to wait. */
export interface RetryableFailure {
  retry: true;
  reason: string;
  waitMs?: number;
}

/** One failed attempt: worth another try, or final. */
export type AttemptFailure = RetryableFailure | { retry: false; kind: LanguageModelError['kind']; message: string };

/** Google's error body, `{"error":{"code","message","status","details"}}`. */
interface GoogleRpcError {
  message?: string;
  status?: string;
  details?: Array<{ '@type'?: string; retryDelay?: string }>;
}

/** The SDK keeps no structure of an error body: its ApiError message is the body, as JSON text. */
function rpcErrorOf(error: ApiError): GoogleRpcError {
  try {
    const body: unknown = JSON.parse(error.message);
    const wrapper = (Array.isArray(body) ? body[0] : body) as { error?: unknown } | null;
    return typeof wrapper?.error === 'object' && wrapper.error !== null ? (wrapper.error as GoogleRpcError) : {};
  } catch {
    return {};
  }
}

/** Gemini says how long to back off in a google.rpc.RetryInfo detail, as a protobuf duration ("37s"). */
function retryInfoMs(rpc: GoogleRpcError): number | undefined {
  const delay = rpc.details?.find((detail) => detail['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  const seconds = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay)?.[1] : undefined;
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}

function describeCause(cause: unknown): string {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  return [code, message].filter((part) => typeof part === 'string' && part !== '').join(' ') || 'no detail';
}

/**
 * Sorts what the SDK threw into the port's vocabulary. Overload (429) and server faults (5xx) and
 * lost connections pass; 404 is a model name Gemini does not serve, which no retry fixes; any other
 * 4xx means the request or the key is wrong, which no retry fixes either.
 */
export function judgeFailure(error: unknown, model: string, retryAfter: string | null, now: number): AttemptFailure {
  if (error instanceof ApiError) {
    const rpc = rpcErrorOf(error);
    const reason = `HTTP ${error.status}${rpc.status ? ` ${rpc.status}` : ''}${rpc.message ? `: ${rpc.message}` : ''}`;
    if (error.status === 404) {
      return {
        retry: false,
        kind: 'unknown-model',
        message: `Gemini has no model "${model}" that generates content (${reason}); check GEMINI_MODEL`,
      };
    }
    if (error.status === 429 || error.status >= 500) {
      const waitMs = retryAfterMs(retryAfter, now) ?? retryInfoMs(rpc);
      return waitMs === undefined ? { retry: true, reason } : { retry: true, reason, waitMs };
    }
    return { retry: false, kind: 'unavailable', message: `Gemini refused the request (${reason})` };
  }
  // Response.json() on a body that is not JSON.
  if (error instanceof SyntaxError)
    return {
      retry: false,
      kind: 'bad-response',
      message: `Gemini answered with a body that is not JSON (${error.message})`,
    };
  // fetch reports a refused, reset or cut connection as a TypeError whose cause is the socket error.
  if (error instanceof TypeError && error.cause !== undefined)
    return { retry: true, reason: `${error.message}: ${describeCause(error.cause)}` };
  return {
    retry: false,
    kind: 'bad-response',
    message: `Gemini's answer could not be read (${error instanceof Error ? error.message : String(error)})`,
  };
}
