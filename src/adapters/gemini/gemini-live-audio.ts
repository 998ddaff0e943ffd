/** What Gemini Live accepts from the caller: PCM16 mono at 16 kHz. */
export const CALLER_AUDIO_MIME_TYPE = 'audio/pcm;rate=16000';

/*
 * Gemini Live's audio is raw PCM16 little-endian, base64 in JSON. Samples are written and read one by
 * one so that the host's byte order never matters, and so that a Buffer at an odd offset in Node's
 * pool cannot break an Int16Array view.
 */

export function base64OfPcm16(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => bytes.writeInt16LE(sample, index * 2));
  return bytes.toString('base64');
}

export function pcm16OfBase64(data: string): Int16Array {
  const bytes = Buffer.from(data, 'base64');
  const samples = new Int16Array(bytes.length >> 1);
  for (let index = 0; index < samples.length; index++) samples[index] = bytes.readInt16LE(index * 2);
  return samples;
}
