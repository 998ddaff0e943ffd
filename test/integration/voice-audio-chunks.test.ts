import alawmulaw from 'alawmulaw';
import { expect } from 'chai';
import { MulawToPcm16k } from '../../src/adapters/audio/mulaw-to-pcm16k.js';
import { Pcm24kToMulaw } from '../../src/adapters/audio/pcm24k-to-mulaw.js';
import { type FakeGeminiLive, liveVoice } from '../support/fake-gemini-live.js';
import type { FakeLiveConnection } from '../support/fake-gemini-live-connection.js';
import { LiveCallRig } from '../support/live-call-rig.js';
import { CALLER } from '../support/patients.js';
import type { TwilioMediaClient } from '../support/twilio-media-client.js';
import { toneFrames } from '../support/twilio-media-client.js';

const CALL_SID = `CA${'c'.repeat(32)}`;
const bytesOf = (base64: string) => Buffer.from(base64, 'base64');
const { mulaw } = alawmulaw;

/** The caller's audio the model has been sent, message by message, once it comes to `bytes`. */
function audioSent(session: FakeLiveConnection, bytes: number): Promise<Buffer[]> {
  return session.waitFor((received) => {
    const audio = received.flatMap((m) => (m.realtimeInput?.audio ? [bytesOf(m.realtimeInput.audio.data!)] : []));
    return audio.reduce((total, chunk) => total + chunk.length, 0) >= bytes ? audio : undefined;
  }, `${bytes} bytes of the caller's audio`);
}

describe('a call whose audio travels in 60 ms chunks (VOICE_AUDIO_CHUNK_MS=60)', () => {
  let rig: LiveCallRig;
  let live: FakeGeminiLive;
  let client: TwilioMediaClient;

  beforeEach(async () => {
    rig = await LiveCallRig.start({ voiceAudioChunkMs: 60 });
    live = rig.live;
    client = await rig.call(CALL_SID, CALLER);
  });
  afterEach(async () => {
    client.close();
    await rig.close();
  });

  const media = () => client.received.filter((m) => m.event === 'media').map((m) => bytesOf(m.media!.payload));

  it("sends the caller's frames to the model three to a message, in order, the last one short at its deadline", async () => {
    const session = await live.connection(0);
    const frames = toneFrames(1000, 7);
    for (const frame of frames) client.media(frame);
    const chunks = await audioSent(session, 7 * 320);
    expect(chunks.map((chunk) => chunk.length)).to.deep.equal([960, 960, 320]);
    // Every μ-law byte's PCM16 sample, in order: the telephone's 8 kHz, which Gemini Live resamples itself.
    const expected = Buffer.concat(frames.map((frame) => Buffer.from(mulaw.decode(frame).buffer)));
    expect(Buffer.concat(chunks).equals(expected)).to.equal(true);
  });

  it('sends the audio gathered so far before a keypad digit, so the model hears them in the order the caller gave them', async () => {
    const session = await live.connection(0);
    for (const frame of toneFrames(1000, 2)) client.media(frame);
    client.dtmf('4');
    const inputs = await session.waitFor((received) => {
      const at = received.findIndex((m) => JSON.stringify(m).includes('pressed 4'));
      return at >= 0 ? received.slice(0, at + 1) : undefined;
    }, 'the digit');
    const audio = inputs.flatMap((m) => (m.realtimeInput?.audio ? [bytesOf(m.realtimeInput.audio.data!).length] : []));
    expect(audio).to.deep.equal([640]);
  });

  it("plays the model's voice in media messages of 60 ms, every byte of it, in order, on the call's stream", async () => {
    const session = await live.connection(0);
    session.speak(liveVoice(4800));
    const played = await client.until(() => {
      const all = media();
      return all.reduce((total, chunk) => total + chunk.length, 0) >= 1600 ? all : undefined;
    }, '200 ms of audio');
    expect(played.map((chunk) => chunk.length)).to.deep.equal([480, 480, 480, 160]);
    const expected = Buffer.from(new Pcm24kToMulaw().convert(liveVoice(4800)));
    expect(Buffer.concat(played).equals(expected)).to.equal(true);
    expect(client.received.every((m) => m.streamSid === client.streamSid)).to.equal(true);
  });

  it('clears at once on barge-in: nothing the model said before it reaches the caller after the clear', async () => {
    const session = await live.connection(0);
    // A second and 10 ms of one turn (the last 40 ms short of a chunk), the interruption, then 20 ms of the next turn.
    session.speak(liveVoice(24240));
    session.interrupt();
    session.speak(liveVoice(480));
    await client.until(
      () => (client.received.some((m) => m.event === 'clear') ? client.received.at(-1)?.event === 'media' : undefined),
      'the clear and the next turn',
    );
    const events = client.received.map((m) => m.event);
    const clearAt = events.indexOf('clear');
    expect(events.slice(clearAt)).to.deep.equal(['clear', 'media']);
    expect(bytesOf(client.received.at(-1)!.media!.payload).length).to.equal(160);
    const beforeClear = media().slice(0, -1);
    expect(beforeClear.reduce((total, chunk) => total + chunk.length, 0)).to.be.at.most(8080);
  });

  it('marks the end of a turn after all of its audio, the short rest included', async () => {
    const session = await live.connection(0);
    session.speak(liveVoice(600));
    session.completeTurn();
    await client.until(() => client.received.find((m) => m.event === 'mark'), 'the mark');
    const events = client.received.map((m) => m.event);
    expect(events).to.deep.equal(['media', 'mark']);
    expect(media().map((chunk) => chunk.length)).to.deep.equal([200]);
  });
});

describe('a call whose audio goes to the model resampled to 16 kHz (GEMINI_LIVE_INPUT_RATE=16000)', () => {
  let rig: LiveCallRig;
  let client: TwilioMediaClient;

  beforeEach(async () => {
    rig = await LiveCallRig.start({ voiceAudioChunkMs: 60, callerSampleRate: 16_000 });
    client = await rig.call(CALL_SID, CALLER);
  });
  afterEach(async () => {
    client.close();
    await rig.close();
  });

  it("sends what the 16 kHz converter makes of the caller's frames, labelled as 16 kHz, three frames to a message", async () => {
    const session = await rig.live.connection(0);
    const frames = toneFrames(1000, 7);
    for (const frame of frames) client.media(frame);
    const chunks = await audioSent(session, 7 * 640);
    expect(chunks.map((chunk) => chunk.length)).to.deep.equal([1920, 1920, 640]);
    expect(session.received.find((m) => m.realtimeInput?.audio)?.realtimeInput?.audio?.mimeType).to.equal(
      'audio/pcm;rate=16000',
    );
    const converter = new MulawToPcm16k();
    const expected = Buffer.concat(frames.map((frame) => Buffer.from(converter.convert(frame).slice().buffer)));
    expect(Buffer.concat(chunks).equals(expected)).to.equal(true);
  });
});
