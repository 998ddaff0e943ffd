import alawmulaw from 'alawmulaw';
import { withRoomFor } from './delay-line.js';
import { kaiserLowpass } from './fir-lowpass.js';
import { roundToInt16 } from './int16.js';
import { pooledUint8Array } from './pooled-arrays.js';

const { mulaw } = alawmulaw;

/** Every PCM16 sample's μ-law byte, once (64 KB): looking each sample up rather than encoding it halves a frame's cost. */
const MULAW = Uint8Array.from({ length: 65536 }, (_, index) => mulaw.encodeSample(index - 32768));

/*
 * The anti-alias filter at 24 kHz, before keeping one sample in three. Its -6 dB point is at 4 kHz,
 * the output's Nyquist frequency, which makes it a third-band filter: every third tap but the centre
 * is zero, so 61 taps cost 21 multiplications an output sample, and only every third output is
 * computed. Kaiser beta 5: within 0.1 dB up to 3.4 kHz (-0.7 dB at 3.6), 55 dB and more down from
 * 4.8 kHz on, so what folds back lands above 3.2 kHz, and faintly. A cutoff at 3.4 kHz, the classic
 * telephone band, would drop the 3.4 to 3.8 kHz that sox keeps and 8 kHz μ-law carries: an SNR against
 * sox on speech of 22 dB instead of 31.8. 6k+1 taps put the centre on a kept sample, so the delay is
 * a whole number of output samples, 10.
 */
const TAPS = 61;
const HALF = (TAPS - 1) / 2;
/** The input samples the filter still needs from earlier chunks. */
const HISTORY = TAPS - 1;
const GROUPS = HALF / 3;
const LOWPASS = kaiserLowpass(TAPS, 1 / 6, 5);
const CENTRE = LOWPASS[HALF];
/** Taps 3m+1 and 3m+2 away from the centre, the only non-zero ones besides it. */
const NEAR = Float64Array.from({ length: GROUPS }, (_, m) => LOWPASS[HALF + 3 * m + 1]);
const FAR = Float64Array.from({ length: GROUPS }, (_, m) => LOWPASS[HALF + 3 * m + 2]);

/**
 * The voice model's PCM16 at 24 kHz to Twilio's μ-law at 8 kHz, one instance per call. Chunks of any
 * length: the filter's history and which input sample comes next carry over, so chunks fed one by one
 * give exactly what the whole stream would, 10 output samples (1.25 ms) later.
 */
export class Pcm24kToMulaw {
  /** The delay line: the last HISTORY input samples, then the chunk being converted. */
  private line = new Float64Array(HISTORY + 480);
  /** Input samples to pass over before the next kept one, as chunks need not be multiples of 3 long. */
  private skip = 0;

  /**
   * Any number of samples in, a third as many μ-law bytes out. The result is a view into Node's Buffer
   * pool: read it through its byteOffset and length, never its whole buffer.
   */
  convert(pcm24k: Int16Array): Uint8Array {
    const length = pcm24k.length;
    this.line = withRoomFor(this.line, HISTORY, length);
    const line = this.line;
    for (let i = 0; i < length; i++) line[HISTORY + i] = pcm24k[i];
    const count = this.skip < length ? Math.floor((length - 1 - this.skip) / 3) + 1 : 0;
    const mulawChunk = pooledUint8Array(count);
    for (let j = 0, centre = this.skip + HALF; j < count; j++, centre += 3) {
      let sum = CENTRE * line[centre];
      for (let m = 0, before = centre - 1, after = centre + 1; m < GROUPS; m++, before -= 3, after += 3) {
        sum += NEAR[m] * (line[before] + line[after]) + FAR[m] * (line[before - 1] + line[after + 1]);
      }
      mulawChunk[j] = MULAW[roundToInt16(sum) + 32768];
    }
    this.skip += 3 * count - length;
    line.copyWithin(0, length, length + HISTORY);
    return mulawChunk;
  }

  /** Forgets the audio in flight, as when the caller barges in: what comes next starts from silence. */
  reset(): void {
    this.line.fill(0);
    this.skip = 0;
  }
}
