import { endianness } from 'node:os';

/** What Gemini Live accepts from the caller: PCM16 mono at 16 kHz. */
export const CALLER_AUDIO_MIME_TYPE = 'audio/pcm;rate=16000';

/*
 * Gemini Live's audio is raw PCM16 little-endian, base64 in JSON. On a little-endian host (every
 * server this runs on) the samples' own bytes are already that, so they are copied whole: this runs
 * on every 20 ms frame of every call. A big-endian host swaps each sample.
 */
const LITTLE_ENDIAN = endianness() === 'LE';

export function base64OfPcm16(samples: Int16Array): string {
  const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  if (LITTLE_ENDIAN) return bytes.toString('base64');
  const swapped = Buffer.from(bytes);
  swapped.swap16();
  return swapped.toString('base64');
}

export function pcm16OfBase64(data: string): Int16Array {
  const bytes = Buffer.from(data, 'base64');
  if (!LITTLE_ENDIAN) bytes.swap16();
  // A copy into a fresh, aligned buffer: a pooled Buffer may start at an odd offset.
  const samples = new Int16Array(bytes.length >> 1);
  new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.length * 2));
  return samples;
}
