import { availableParallelism, cpus } from 'node:os';
import alawmulaw from 'alawmulaw';
import { MulawToPcm16k } from '../src/adapters/audio/mulaw-to-pcm16k.js';
import { Pcm24kToMulaw } from '../src/adapters/audio/pcm24k-to-mulaw.js';
import { type Closeness, chunksOf, closeness, joined } from '../test/unit/adapters/audio/signal-measures.js';
import { speech } from '../test/unit/adapters/audio/speech-fixtures.js';
import { audioopClip, audioopRound, type Direction } from './voice-audioop.js';
import { frameTimer, type Spread, spreadOf } from './voice-frame-timing.js';

/**
 * Voice transcoding: what one 20 ms frame costs to convert in each direction of a call, beside the
 * Python prototype's audioop in the same run, round for round, and how close each comes to sox's
 * resampling of the same speech clip. Targets: no slower than audioop a frame (median of the rounds),
 * and an SNR against sox of 30 dB or more.
 */

const ROUNDS = 15;
const FRAMES_PER_ROUND = 20_000;
const MIN_SNR_DB = 30;
const DIRECTIONS: Array<{ direction: Direction; label: string }> = [
  { direction: 'inbound', label: 'in: μ-law 8 kHz -> PCM16 16 kHz' },
  { direction: 'outbound', label: 'out: PCM16 24 kHz -> μ-law 8 kHz' },
];

const { mulaw } = alawmulaw;
const mulawFrames = chunksOf(speech.mulaw8k(), [160]);
const pcmFrames = chunksOf(speech.pcm24k(), [480]);
const closenessTo = {
  inbound: (pcm16k: Int16Array) => closeness(speech.pcm16kBySox(), pcm16k),
  outbound: (mulaw8k: Uint8Array) => closeness(speech.pcm8kBySox(), mulaw.decode(mulaw8k)),
};

const ourClip = (() => {
  const inbound = new MulawToPcm16k();
  const outbound = new Pcm24kToMulaw();
  return {
    inbound: closenessTo.inbound(
      joined(
        mulawFrames.map((frame) => inbound.convert(frame)),
        new Int16Array(),
      ),
    ),
    outbound: closenessTo.outbound(
      joined(
        pcmFrames.map((frame) => outbound.convert(frame)),
        new Uint8Array(),
      ),
    ),
  };
})();
const audioop = audioopClip();
const theirClip = audioop.available
  ? { inbound: closenessTo.inbound(audioop.pcm16k), outbound: closenessTo.outbound(audioop.mulaw8k) }
  : undefined;

const inbound = new MulawToPcm16k();
const outbound = new Pcm24kToMulaw();
const timers = {
  inbound: frameTimer(mulawFrames, (frame) => inbound.convert(frame), FRAMES_PER_ROUND),
  outbound: frameTimer(pcmFrames, (frame) => outbound.convert(frame), FRAMES_PER_ROUND),
};
const ourRounds: Record<Direction, number[]> = { inbound: [], outbound: [] };
const theirRounds: Record<Direction, number[]> = { inbound: [], outbound: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const { direction } of DIRECTIONS) {
    ourRounds[direction].push(timers[direction]());
    if (audioop.available) theirRounds[direction].push(audioopRound(direction, FRAMES_PER_ROUND));
  }
}

const cost = ({ median, min, max }: Spread) => `${median.toFixed(2)} (${min.toFixed(2)}–${max.toFixed(2)})`;
const snr = ({ snr: db, lag }: Closeness) => `${db.toFixed(1)} dB (lag ${lag})`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

console.log(
  `Voice transcoding: ${(mulawFrames.length * 0.02).toFixed(2)} s of speech in 20 ms frames; ${ROUNDS} rounds of ${FRAMES_PER_ROUND} frames a direction, ours and audioop's alternating`,
);
console.log(
  `machine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}, ${audioop.available ? `python ${audioop.python}` : `audioop not measured: ${audioop.why}`}`,
);
console.log('');
console.log(
  '| direction | ours µs/frame, median (min–max) | audioop µs/frame | no slower than audioop | our SNR vs sox | audioop SNR vs sox | SNR ≥ 30 dB |',
);
console.log('| --- | ---: | ---: | --- | ---: | ---: | --- |');
for (const { direction, label } of DIRECTIONS) {
  const ours = spreadOf(ourRounds[direction]);
  const theirs = audioop.available ? spreadOf(theirRounds[direction]) : undefined;
  const cells = [
    label,
    cost(ours),
    theirs ? cost(theirs) : 'n/a',
    theirs ? verdict(ours.median <= theirs.median) : 'not measured',
    snr(ourClip[direction]),
    theirClip ? snr(theirClip[direction]) : 'n/a',
    verdict(ourClip[direction].snr >= MIN_SNR_DB),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
