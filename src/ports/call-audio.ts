/**
 * One call's audio converters, with their filter state: Twilio's μ-law 8 kHz in, PCM16 out to the
 * voice model at the rate it is sent (its `callerSampleRate`); the model's PCM16 24 kHz back,
 * low-passed, as μ-law 8 kHz for the caller.
 */
export interface CallAudio {
  toModel(mulaw8k: Uint8Array): Int16Array;
  toCaller(pcm24k: Int16Array): Uint8Array;
  /** Barge-in: what was queued for the caller is dropped, and the filters start afresh. */
  reset(): void;
}
