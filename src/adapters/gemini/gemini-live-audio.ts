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
  // Decoded straight into a slice of Node's Buffer pool, which starts every slice on an 8-byte
  // boundary, as an Int16Array view needs 2; larger chunks get a buffer of their own, aligned too.
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(data, 'base64') & ~1);
  bytes.write(data, 'base64');
  if (!LITTLE_ENDIAN) bytes.swap16();
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
}
