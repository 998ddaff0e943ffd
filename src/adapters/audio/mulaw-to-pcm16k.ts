import alawmulaw from 'alawmulaw';
import { withRoomFor } from './delay-line.js';
import { kaiserLowpass } from './fir-lowpass.js';
import { roundToInt16 } from './int16.js';
import { pooledInt16Array } from './pooled-arrays.js';

const { mulaw } = alawmulaw;

/** Every μ-law byte decoded once: a lookup per sample costs less than decoding it. */
const LINEAR = Float64Array.from({ length: 256 }, (_, byte) => mulaw.decodeSample(byte));

/*
 * A half-band filter at 16 kHz (-6 dB at 4 kHz, the input's Nyquist frequency) removes the images that
 * doubling the rate leaves between 4 and 8 kHz. All of its even taps but the centre one are zero, so
 * every other output sample is an input sample as it came, and each new sample between two of them
 * weighs the 8 input samples on either side. 31 taps with Kaiser beta 4: within 0.25 dB up to 3.4 kHz,
 * images 30 dB down from 4.6 kHz and 50 dB from 5 kHz, an SNR of 34.7 dB against sox on speech.
 * 47 taps would reach 41 dB, but half as much filtering again would eat most of the margin under
 * audioop's cost a frame.
 */
const PAIRS = 8;
/** The input samples the filter still needs from earlier frames. */
const HISTORY = 2 * PAIRS - 1;
const [W0, W1, W2, W3, W4, W5, W6, W7] = halfwayWeights();

function halfwayWeights(): Float64Array {
  const taps = kaiserLowpass(4 * PAIRS - 1, 0.25, 4);
  const centre = 2 * PAIRS - 1;
  const weights = Float64Array.from({ length: PAIRS }, (_, k) => taps[centre + 2 * k + 1]);
  // Scaled so the weights of both sides sum to 1: a steady input then gives a steady output, with no
  // 8 kHz ripple between kept and computed samples.
  const sum = 2 * weights.reduce((total, weight) => total + weight, 0);
  return weights.map((weight) => weight / sum);
}

/**
 * Twilio's μ-law at 8 kHz to PCM16 at 16 kHz for the voice model, one instance per call: it keeps the
 * filter's history between frames, so frames fed one by one give exactly what the whole stream would,
 * 15 output samples (0.94 ms) later.
 */
export class MulawToPcm16k {
  /** The delay line: the last HISTORY input samples, then the frame being converted. */
  private line = new Float64Array(HISTORY + 160);

  /**
   * Any number of μ-law bytes (Twilio sends 160, 20 ms) in, twice as many PCM16 samples out. The result
   * is a view into Node's Buffer pool: read it through its byteOffset and length, never its whole buffer.
   */
  convert(mulawFrame: Uint8Array): Int16Array {
    const length = mulawFrame.length;
    this.line = withRoomFor(this.line, HISTORY, length);
    const line = this.line;
    for (let i = 0; i < length; i++) line[HISTORY + i] = LINEAR[mulawFrame[i]];
    const pcm = pooledInt16Array(2 * length);
    for (let i = 0; i < length; i++) {
      // Halfway between line[i + 7] and line[i + 8], pair by pair outwards; written out because V8
      // runs a loop over the 8 pairs a third slower.
      const halfway =
        W0 * (line[i + 7] + line[i + 8]) +
        W1 * (line[i + 6] + line[i + 9]) +
        W2 * (line[i + 5] + line[i + 10]) +
        W3 * (line[i + 4] + line[i + 11]) +
        W4 * (line[i + 3] + line[i + 12]) +
        W5 * (line[i + 2] + line[i + 13]) +
        W6 * (line[i + 1] + line[i + 14]) +
        W7 * (line[i] + line[i + 15]);
      pcm[2 * i] = roundToInt16(halfway);
      pcm[2 * i + 1] = line[i + PAIRS];
    }
    line.copyWithin(0, length, length + HISTORY);
    return pcm;
  }
}
