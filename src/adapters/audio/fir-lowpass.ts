/**
 * A linear-phase low-pass FIR: a sinc windowed by a Kaiser window, scaled to unity gain at DC.
 * Linear phase delays every frequency alike, so speech keeps its shape and the converters' delay is
 * one fixed number of samples. Kaiser because its beta trades stopband depth against transition
 * width with the length unchanged, and the converters' costs are fixed by their lengths.
 *
 * @param taps odd, so the centre tap falls on a sample and the delay is a whole number of samples
 * @param cutoff the -6 dB point, as a fraction of the sample rate (0.25 is half the Nyquist frequency)
 * @param beta the Kaiser window's shape: 3 to 6 gives about 35 to 60 dB of stopband
 */
export function kaiserLowpass(taps: number, cutoff: number, beta: number): Float64Array {
  if (!Number.isInteger(taps) || taps < 3 || taps % 2 === 0)
    throw new RangeError(`taps must be an odd integer of at least 3, got ${taps}`);
  if (!(cutoff > 0 && cutoff < 0.5))
    throw new RangeError(`cutoff must lie between 0 and 0.5 of the sample rate, got ${cutoff}`);
  const middle = (taps - 1) / 2;
  const windowScale = besselI0(beta);
  const coefficients = new Float64Array(taps);
  let sum = 0;
  for (let n = 0; n < taps; n++) {
    const offset = n - middle;
    const sinc = offset === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * offset) / (Math.PI * offset);
    const position = offset / middle;
    coefficients[n] = (sinc * besselI0(beta * Math.sqrt(1 - position * position))) / windowScale;
    sum += coefficients[n];
  }
  for (let n = 0; n < taps; n++) coefficients[n] /= sum;
  return coefficients;
}

/** The modified Bessel function of the first kind, order 0, by its power series (it converges fast for beta < 20). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; term > 1e-12 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}
