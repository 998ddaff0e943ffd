/** Measurements the audio converters are specified by: tones, their level, and closeness to a reference. */

export function tone(frequency: number, sampleRate: number, amplitude: number, seconds: number): Int16Array {
  return Int16Array.from({ length: Math.round(sampleRate * seconds) }, (_, n) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequency * n) / sampleRate)),
  );
}

/** The peak amplitude of one frequency in a signal (Goertzel over a Hann window, so neighbours leak little). */
export function amplitudeAt(signal: ArrayLike<number>, frequency: number, sampleRate: number): number {
  const length = signal.length;
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  let windowSum = 0;
  for (let n = 0; n < length; n++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1));
    windowSum += hann;
    const current = hann * signal[n]! + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return (2 * Math.sqrt(Math.max(power, 0))) / windowSum;
}

export const decibels = (amplitude: number, reference: number) => 20 * Math.log10(amplitude / reference);

export function zeroCrossings(signal: ArrayLike<number>): number {
  let crossings = 0;
  for (let n = 1; n < signal.length; n++) if (signal[n - 1]! < 0 !== signal[n]! < 0) crossings++;
  return crossings;
}

export interface Closeness {
  /** Signal-to-noise ratio in dB, the noise being the difference from the reference. */
  snr: number;
  /** How many samples later than the reference the signal runs, at its best alignment. */
  lag: number;
}

/** SNR against a reference at the best alignment within ±maxLag samples, over the samples both cover. */
export function closeness(reference: ArrayLike<number>, signal: ArrayLike<number>, maxLag = 64): Closeness {
  let best: Closeness = { snr: -Infinity, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let power = 0;
    let noise = 0;
    for (let n = Math.max(0, -lag); n < reference.length && n + lag < signal.length; n++) {
      const wanted = reference[n]!;
      const error = signal[n + lag]! - wanted;
      power += wanted * wanted;
      noise += error * error;
    }
    const snr = 10 * Math.log10(power / noise);
    if (snr > best.snr) best = { snr, lag };
  }
  return best;
}

/** Consecutive pieces of a stream, their lengths taken from `sizes` in turn, over and over; the last may be shorter. */
export function chunksOf<Samples extends Int16Array | Uint8Array>(stream: Samples, sizes: number[]): Samples[] {
  const chunks: Samples[] = [];
  for (let start = 0, turn = 0; start < stream.length; turn++) {
    const end = Math.min(stream.length, start + sizes[turn % sizes.length]!);
    chunks.push(stream.subarray(start, end) as Samples);
    start = end;
  }
  return chunks;
}

/** The pieces a converter gave back, joined into one stream again. */
export function joined<Samples extends Int16Array | Uint8Array>(chunks: Samples[], empty: Samples): Samples {
  const whole = new (empty.constructor as new (length: number) => Samples)(
    chunks.reduce((total, chunk) => total + chunk.length, 0),
  );
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

/** Where two streams first differ, or -1 when they are the same samples. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let n = 0; n < Math.max(a.length, b.length); n++) if (a[n] !== b[n]) return n;
  return -1;
}
