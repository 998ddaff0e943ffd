import { endianness } from 'node:os';
import type { CallerSampleRate } from '../../ports/voice-model.js';

/**
 * What Gemini Live is told the caller's audio is: PCM16 mono at the rate sent. Its native rate is
 * 16 kHz, and it resamples audio of any other rate the MIME type names.
 */
export const callerAudioMimeType = (rate: CallerSampleRate) => `audio/pcm;rate=${rate}`;

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
