import { readFileSync } from 'node:fs';

/**
 * A spoken request ("Can I book an appointment for Tuesday?") as each side of a call carries it, and
 * sox's resampling of each, made by test/fixtures/audio/generate.sh.
 */
export const speech = {
  /** PCM16 at 24 kHz, as Gemini Live sends it. */
  pcm24k: () => pcm16('speech-24k.s16le'),
  /** sox's 8 kHz resampling of pcm24k. */
  pcm8kBySox: () => pcm16('speech-24k-by-sox-8k.s16le'),
  /** μ-law at 8 kHz, as Twilio sends it (sox's μ-law of pcm24k). */
  mulaw8k: () => new Uint8Array(fixture('speech-8k.ulaw')),
  /** sox's 16 kHz resampling of mulaw8k. */
  pcm16kBySox: () => pcm16('speech-8k-by-sox-16k.s16le'),
};

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../../../../test/fixtures/audio/${name}`, import.meta.url));
}

function pcm16(name: string): Int16Array {
  const bytes = fixture(name);
  return Int16Array.from({ length: bytes.length / 2 }, (_, n) => bytes.readInt16LE(2 * n));
}
