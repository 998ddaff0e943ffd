/**
 * A Gemini Live session that could not be set up: `timeout` when Gemini never completed the setup,
 * `refused` when the connection failed or was closed before it did, `cancelled` when the call it was
 * for ended first.
 */
export class GeminiLiveError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'refused' | 'cancelled',
  ) {
    super(message);
    this.name = 'GeminiLiveError';
  }
}
