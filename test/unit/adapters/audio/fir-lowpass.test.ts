import { expect } from 'chai';
import { kaiserLowpass } from '../../../../src/adapters/audio/fir-lowpass.js';

/** The filter's gain at a frequency given as a fraction of the sample rate. */
function gainAt(taps: Float64Array, frequency: number): number {
  let real = 0;
  let imaginary = 0;
  taps.forEach((tap, n) => {
    real += tap * Math.cos(2 * Math.PI * frequency * n);
    imaginary -= tap * Math.sin(2 * Math.PI * frequency * n);
  });
  return Math.hypot(real, imaginary);
}

describe('a Kaiser-windowed sinc low-pass', () => {
  const taps = kaiserLowpass(61, 1 / 6, 5);

  it('passes a steady level unchanged', () => {
    expect(taps.reduce((sum, tap) => sum + tap, 0)).to.be.closeTo(1, 1e-12);
  });

  it('is symmetric, so it delays every frequency alike', () => {
    for (const [n, tap] of taps.entries()) expect(tap).to.be.closeTo(taps[taps.length - 1 - n]!, 1e-15);
  });

  it('halves the amplitude (-6 dB) at its cutoff, passes well below it and stops well above it', () => {
    expect(gainAt(taps, 1 / 6)).to.be.closeTo(0.5, 0.01);
    expect(gainAt(taps, 1 / 24)).to.be.closeTo(1, 0.001);
    expect(gainAt(taps, 1 / 4)).to.be.below(0.001);
  });

  it('refuses an even number of taps, which would put its delay between two samples', () => {
    expect(() => kaiserLowpass(60, 1 / 6, 5)).to.throw(RangeError, /taps must be an odd integer/);
  });

  it('refuses a cutoff at or above the Nyquist frequency', () => {
    expect(() => kaiserLowpass(61, 0.5, 5)).to.throw(RangeError, /cutoff must lie between 0 and 0.5/);
  });
});
