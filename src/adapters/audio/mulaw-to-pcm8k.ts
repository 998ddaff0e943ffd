import alawmulaw from 'alawmulaw';
import { pooledInt16Array } from './pooled-arrays.js';

const { mulaw } = alawmulaw;

/** Every μ-law byte's PCM16 sample, decoded once. */
const PCM = Int16Array.from({ length: 256 }, (_, byte) => mulaw.decodeSample(byte));

/**
 * Twilio's μ-law to PCM16 at the same 8 kHz, for a voice model that resamples what it is sent: a
 * lookup a sample, with no filter, so no state and no delay. The result is a view into Node's Buffer
 * pool: read it through its byteOffset and length, never its whole buffer.
 */
export function pcm8kOfMulaw(mulaw8k: Uint8Array): Int16Array {
  const length = mulaw8k.length;
  const pcm = pooledInt16Array(length);
  for (let i = 0; i < length; i++) pcm[i] = PCM[mulaw8k[i]!]!;
  return pcm;
}
