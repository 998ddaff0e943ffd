import { expect } from 'chai';
import { CallerAudioChunks } from '../../../../src/adapters/gemini/caller-audio-chunks.js';
import { eventually } from '../../../support/eventually.js';

/** 20 ms at 16 kHz whose samples count on from `first`, so that order and loss show. */
const frame = (first: number) => Int16Array.from({ length: 320 }, (_, i) => first + i);

describe("the caller's audio gathered into chunks for Gemini Live", () => {
  let sent: Int16Array[];
  const record = (pcm: Int16Array) => sent.push(Int16Array.from(pcm));
  beforeEach(() => {
    sent = [];
  });

  it('sends each 20 ms frame as it comes, uncopied, when chunks are 20 ms', () => {
    const chunks = new CallerAudioChunks(20, 16_000, (pcm) => sent.push(pcm));
    const [one, two] = [frame(0), frame(320)];
    chunks.add(one);
    chunks.add(two);
    expect(sent).to.have.length(2);
    for (const [index, original] of [one, two].entries()) {
      expect(sent[index]!.buffer).to.equal(original.buffer);
      expect([...sent[index]!]).to.deep.equal([...original]);
    }
  });

  it('sends three frames as one 60 ms chunk once the third has come, in order, with no sample lost', () => {
    const chunks = new CallerAudioChunks(60, 16_000, record);
    chunks.add(frame(0));
    chunks.add(frame(320));
    expect(sent).to.deep.equal([]);
    chunks.add(frame(640));
    chunks.add(frame(960));
    expect(sent.map((chunk) => chunk.length)).to.deep.equal([960]);
    expect([...sent[0]!]).to.deep.equal([...frame(0), ...frame(320), ...frame(640)]);
    chunks.drop();
  });

  it("counts a chunk's length in samples at the rate sent: 60 ms of the telephone's 8 kHz is three 160-sample frames", () => {
    const chunks = new CallerAudioChunks(60, 8_000, record);
    const telephoneFrame = (first: number) => frame(first).subarray(0, 160);
    chunks.add(telephoneFrame(0));
    chunks.add(telephoneFrame(160));
    expect(sent).to.deep.equal([]);
    chunks.add(telephoneFrame(320));
    expect(sent.map((chunk) => chunk.length)).to.deep.equal([480]);
    expect([...sent[0]!]).to.deep.equal(Array.from({ length: 480 }, (_, i) => i));
  });

  it('splits frames that do not divide the chunk evenly across chunks, keeping every sample in order', () => {
    const chunks = new CallerAudioChunks(50, 16_000, record);
    for (let n = 0; n < 5; n++) chunks.add(frame(320 * n));
    expect(sent.map((chunk) => chunk.length)).to.deep.equal([800, 800]);
    expect(sent.flatMap((chunk) => [...chunk])).to.deep.equal(Array.from({ length: 1600 }, (_, i) => i));
  });

  it('sends a chunk that has not filled up once it is as old as a chunk is long', async () => {
    const chunks = new CallerAudioChunks(40, 16_000, record);
    chunks.add(frame(0));
    expect(sent).to.deep.equal([]);
    await eventually(() => sent.length === 1, 'the chunk sent by its deadline', 2_000);
    expect([...sent[0]!]).to.deep.equal([...frame(0)]);
  });

  it('sends what waits at once when flushed, and nothing more at its deadline', async () => {
    const chunks = new CallerAudioChunks(40, 16_000, record);
    chunks.add(frame(0));
    chunks.flush();
    expect(sent.map((chunk) => chunk.length)).to.deep.equal([320]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sent).to.have.length(1);
  });

  it('forgets what waits when dropped: nothing is sent after the session has ended', async () => {
    const chunks = new CallerAudioChunks(40, 16_000, record);
    chunks.add(frame(0));
    chunks.drop();
    await new Promise((resolve) => setTimeout(resolve, 80));
    chunks.flush();
    expect(sent).to.deep.equal([]);
  });
});
