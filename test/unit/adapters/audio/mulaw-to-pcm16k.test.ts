import alawmulaw from 'alawmulaw';
import { expect } from 'chai';
import fc from 'fast-check';
import { MulawToPcm16k } from '../../../../src/adapters/audio/mulaw-to-pcm16k.js';
import {
  amplitudeAt,
  chunksOf,
  closeness,
  decibels,
  firstDifference,
  joined,
  tone,
  zeroCrossings,
} from './signal-measures.js';
import { speech } from './speech-fixtures.js';

const { mulaw } = alawmulaw;
const TWILIO_FRAME = 160;
/** Long enough for the filter's start-up (15 samples) to be past; one second is measured from there. */
const SETTLED = 160;

const convertedInFrames = (converter: MulawToPcm16k, stream: Uint8Array, sizes = [TWILIO_FRAME]) =>
  joined(
    chunksOf(stream, sizes).map((frame) => converter.convert(frame)),
    new Int16Array(),
  );

describe('MulawToPcm16k: the caller, from Twilio μ-law 8 kHz to PCM16 16 kHz for the voice model', () => {
  it('turns a 20 ms frame of 160 bytes into 320 samples', () => {
    expect(new MulawToPcm16k().convert(new Uint8Array(TWILIO_FRAME).fill(0xff))).to.have.length(320);
  });

  it('keeps a 1 kHz tone at 1 kHz and at its level, within 1 dB', () => {
    const input = mulaw.encode(tone(1000, 8000, 10_000, 1.1));
    const output = convertedInFrames(new MulawToPcm16k(), input).subarray(SETTLED, SETTLED + 16_000);
    expect(zeroCrossings(output)).to.be.within(1998, 2002);
    const inputLevel = amplitudeAt(mulaw.decode(input).subarray(SETTLED / 2, SETTLED / 2 + 8000), 1000, 8000);
    expect(Math.abs(decibels(amplitudeAt(output, 1000, 16_000), inputLevel))).to.be.below(1);
  });

  for (const [frequency, image, floor] of [
    [1000, 7000, -60],
    [3000, 5000, -40],
  ] as const) {
    it(`leaves the image of a ${frequency / 1000} kHz tone at ${image / 1000} kHz ${-floor} dB down or more`, () => {
      const output = convertedInFrames(new MulawToPcm16k(), mulaw.encode(tone(frequency, 8000, 10_000, 1.1))).subarray(
        SETTLED,
        SETTLED + 16_000,
      );
      expect(decibels(amplitudeAt(output, image, 16_000), 10_000)).to.be.below(floor);
    });
  }

  it('gives for 20 ms frames one by one exactly what it gives for the whole stream, so frames join without a click', () => {
    const clip = speech.mulaw8k();
    const whole = new MulawToPcm16k().convert(clip);
    expect(firstDifference(convertedInFrames(new MulawToPcm16k(), clip), whole)).to.equal(-1);
  });

  it('gives the same stream however it is cut into frames, odd lengths and single bytes included', () => {
    const clip = speech.mulaw8k().subarray(0, 4000);
    const whole = new MulawToPcm16k().convert(clip);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 12 }), (sizes) => {
        expect(firstDifference(convertedInFrames(new MulawToPcm16k(), clip, sizes), whole)).to.equal(-1);
      }),
    );
  });

  it("matches sox's resampling of speech to an SNR of 30 dB or more, under 1 ms behind it", () => {
    const { snr, lag } = closeness(speech.pcm16kBySox(), convertedInFrames(new MulawToPcm16k(), speech.mulaw8k()));
    console.log(
      `      SNR against sox: ${snr.toFixed(1)} dB, ${lag} samples (${((1000 * lag) / 16_000).toFixed(2)} ms) behind`,
    );
    expect(snr).to.be.at.least(30);
    expect((1000 * lag) / 16_000).to.be.within(0, 1);
  });

  it("keeps each call's filter state to itself: two calls converted in turn come out as each would alone", () => {
    const [first, second] = [speech.mulaw8k(), mulaw.encode(tone(440, 8000, 8000, 1))];
    const alone = [convertedInFrames(new MulawToPcm16k(), first), convertedInFrames(new MulawToPcm16k(), second)];
    const calls = [new MulawToPcm16k(), new MulawToPcm16k()];
    const [firstFrames, secondFrames] = [chunksOf(first, [TWILIO_FRAME]), chunksOf(second, [TWILIO_FRAME])];
    const interleaved: Int16Array[][] = [[], []];
    for (let n = 0; n < Math.max(firstFrames.length, secondFrames.length); n++) {
      if (firstFrames[n]) interleaved[0]!.push(calls[0]!.convert(firstFrames[n]!));
      if (secondFrames[n]) interleaved[1]!.push(calls[1]!.convert(secondFrames[n]!));
    }
    expect(firstDifference(joined(interleaved[0]!, new Int16Array()), alone[0]!)).to.equal(-1);
    expect(firstDifference(joined(interleaved[1]!, new Int16Array()), alone[1]!)).to.equal(-1);
  });

  it('hands out frames that later frames leave as they were', () => {
    const converter = new MulawToPcm16k();
    const frames = chunksOf(speech.mulaw8k(), [TWILIO_FRAME]).slice(20, 40);
    const outputs = frames.map((frame) => converter.convert(frame));
    const copies = outputs.map((output) => Int16Array.from(output));
    converter.convert(frames[0]!);
    for (const [n, output] of outputs.entries()) expect(firstDifference(output, copies[n]!)).to.equal(-1);
  });
});
