/**
 * A Gemini Live session that could not be set up: `timeout` when Gemini never completed the setup,
 * `refused` when the connection failed or was closed before it did.
 */
export class GeminiLiveError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'refused',
  ) {
    super(message);
    this.name = 'GeminiLiveError';
  }
}
