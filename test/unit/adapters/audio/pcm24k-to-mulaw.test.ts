import alawmulaw from 'alawmulaw';
import { expect } from 'chai';
import fc from 'fast-check';
import { Pcm24kToMulaw } from '../../../../src/adapters/audio/pcm24k-to-mulaw.js';
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
/** 20 ms at 24 kHz. */
const FRAME = 480;
/** Long enough for the filter's start-up (10 samples) to be past; one second is measured from there. */
const SETTLED = 80;
const MULAW_SILENCE = 0xff;

const convertedInChunks = (converter: Pcm24kToMulaw, stream: Int16Array, sizes = [FRAME]) =>
  joined(
    chunksOf(stream, sizes).map((chunk) => converter.convert(chunk)),
    new Uint8Array(),
  );
/** One settled second of a tone's conversion, decoded from μ-law. */
const settledSecondOf = (frequency: number) =>
  mulaw
    .decode(convertedInChunks(new Pcm24kToMulaw(), tone(frequency, 24_000, 10_000, 1.1)))
    .subarray(SETTLED, SETTLED + 8000);

describe('Pcm24kToMulaw: the receptionist, from the voice model PCM16 24 kHz to Twilio μ-law 8 kHz', () => {
  it('turns 20 ms of 480 samples into 160 μ-law bytes', () => {
    expect(new Pcm24kToMulaw().convert(new Int16Array(FRAME))).to.have.length(160);
  });

  it('keeps a 1 kHz tone at 1 kHz and at its level, within 1 dB', () => {
    const output = settledSecondOf(1000);
    expect(zeroCrossings(output)).to.be.within(1998, 2002);
    expect(Math.abs(decibels(amplitudeAt(output, 1000, 8000), 10_000))).to.be.below(1);
  });

  for (const [frequency, alias] of [
    [10_000, 2000],
    [5000, 3000],
    [6000, 2000],
    [7000, 1000],
    [11_000, 3000],
  ] as const) {
    it(`keeps a tone at ${frequency / 1000} kHz, out of the phone's band, from folding back to ${alias / 1000} kHz: 40 dB down or more`, () => {
      expect(decibels(amplitudeAt(settledSecondOf(frequency), alias, 8000), 10_000)).to.be.below(-40);
    });
  }

  it('gives for 20 ms chunks one by one exactly what it gives for the whole stream, so chunks join without a click', () => {
    const clip = speech.pcm24k();
    expect(firstDifference(convertedInChunks(new Pcm24kToMulaw(), clip), new Pcm24kToMulaw().convert(clip))).to.equal(
      -1,
    );
  });

  it('gives the same stream however the model cuts its chunks, lengths that are not multiples of 3 included', () => {
    const clip = speech.pcm24k().subarray(0, 12_000);
    const whole = new Pcm24kToMulaw().convert(clip);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 12 }), (sizes) => {
        expect(firstDifference(convertedInChunks(new Pcm24kToMulaw(), clip, sizes), whole)).to.equal(-1);
      }),
    );
  });

  it('keeps one sample in three across chunks: a chunk that ends before the next kept sample gives nothing', () => {
    const converter = new Pcm24kToMulaw();
    expect(converter.convert(new Int16Array(1))).to.have.length(1);
    expect(converter.convert(new Int16Array(2))).to.have.length(0);
    expect(converter.convert(new Int16Array(0))).to.have.length(0);
    expect(converter.convert(new Int16Array(1))).to.have.length(1);
  });

  it("matches sox's resampling of speech to an SNR of 30 dB or more, under 1.5 ms behind it", () => {
    const { snr, lag } = closeness(
      speech.pcm8kBySox(),
      mulaw.decode(convertedInChunks(new Pcm24kToMulaw(), speech.pcm24k())),
    );
    console.log(
      `      SNR against sox: ${snr.toFixed(1)} dB, ${lag} samples (${((1000 * lag) / 8000).toFixed(2)} ms) behind`,
    );
    expect(snr).to.be.at.least(30);
    expect((1000 * lag) / 8000).to.be.within(0, 1.5);
  });

  describe('reset, when the caller barges in', () => {
    it('lets nothing of the interrupted speech sound afterwards: silence comes out as silence at once', () => {
      const converter = new Pcm24kToMulaw();
      converter.convert(speech.pcm24k().subarray(0, 4000));
      converter.reset();
      expect([...converter.convert(new Int16Array(FRAME))].every((byte) => byte === MULAW_SILENCE)).to.equal(true);
    });

    it('starts the next answer as a new converter would, whatever chunk length came before', () => {
      const converter = new Pcm24kToMulaw();
      converter.convert(speech.pcm24k().subarray(0, 4001));
      converter.reset();
      const next = speech.pcm24k().subarray(6000, 12_000);
      expect(
        firstDifference(convertedInChunks(converter, next), convertedInChunks(new Pcm24kToMulaw(), next)),
      ).to.equal(-1);
    });
  });

  it("keeps each call's filter state to itself: two calls converted in turn come out as each would alone", () => {
    const [first, second] = [speech.pcm24k(), tone(440, 24_000, 8000, 1)];
    const alone = [
      convertedInChunks(new Pcm24kToMulaw(), first, [1000]),
      convertedInChunks(new Pcm24kToMulaw(), second, [700]),
    ];
    const calls = [new Pcm24kToMulaw(), new Pcm24kToMulaw()];
    const [firstChunks, secondChunks] = [chunksOf(first, [1000]), chunksOf(second, [700])];
    const interleaved: Uint8Array[][] = [[], []];
    for (let n = 0; n < Math.max(firstChunks.length, secondChunks.length); n++) {
      if (firstChunks[n]) interleaved[0]!.push(calls[0]!.convert(firstChunks[n]!));
      if (secondChunks[n]) interleaved[1]!.push(calls[1]!.convert(secondChunks[n]!));
    }
    expect(firstDifference(joined(interleaved[0]!, new Uint8Array()), alone[0]!)).to.equal(-1);
    expect(firstDifference(joined(interleaved[1]!, new Uint8Array()), alone[1]!)).to.equal(-1);
  });

  it('hands out chunks that later chunks leave as they were', () => {
    const converter = new Pcm24kToMulaw();
    const chunks = chunksOf(speech.pcm24k(), [FRAME]).slice(20, 40);
    const outputs = chunks.map((chunk) => converter.convert(chunk));
    const copies = outputs.map((output) => Uint8Array.from(output));
    converter.convert(chunks[0]!);
    for (const [n, output] of outputs.entries()) expect(firstDifference(output, copies[n]!)).to.equal(-1);
  });
});
