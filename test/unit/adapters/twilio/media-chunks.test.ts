import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect } from 'chai';
import { MediaChunks } from '../../../../src/adapters/twilio/media-chunks.js';

/** `length` bytes of μ-law counting on from `first` (mod 256), so that order and loss show. */
const mulaw = (first: number, length: number) => Uint8Array.from({ length }, (_, i) => (first + i) % 256);

describe("the model's audio gathered into Twilio media messages", () => {
  let sent: number[][];
  const record = (bytes: Uint8Array) => sent.push([...bytes]);
  beforeEach(() => {
    sent = [];
  });

  it('sends the model audio in 20 ms messages at once when chunks are 20 ms, as Twilio streams its own', () => {
    const chunks = new MediaChunks(160, record);
    chunks.add(mulaw(0, 480));
    expect(sent.map((message) => message.length)).to.deep.equal([160, 160, 160]);
    expect(sent.flat()).to.deep.equal([...mulaw(0, 480)]);
  });

  it('sends whole 60 ms chunks at once and the rest at the end of the event-loop turn, every byte in order', async () => {
    const chunks = new MediaChunks(480, record);
    chunks.add(mulaw(0, 1600));
    expect(sent.map((message) => message.length)).to.deep.equal([480, 480, 480]);
    await nextTurn();
    expect(sent.map((message) => message.length)).to.deep.equal([480, 480, 480, 160]);
    expect(sent.flat()).to.deep.equal([...mulaw(0, 1600)]);
  });

  it("puts the model's short pieces of one turn of the event loop into one message", async () => {
    const chunks = new MediaChunks(480, record);
    chunks.add(mulaw(0, 80));
    chunks.add(mulaw(80, 80));
    chunks.add(mulaw(160, 160));
    expect(sent).to.deep.equal([]);
    await nextTurn();
    expect(sent).to.deep.equal([[...mulaw(0, 320)]]);
  });

  it('sends what waits at once when flushed, ahead of a mark', async () => {
    const chunks = new MediaChunks(480, record);
    chunks.add(mulaw(0, 200));
    chunks.flush();
    expect(sent).to.deep.equal([[...mulaw(0, 200)]]);
    await nextTurn();
    expect(sent).to.have.length(1);
  });

  it('drops what waits, unsent, on barge-in; audio after it goes alone', async () => {
    const chunks = new MediaChunks(480, record);
    chunks.add(mulaw(0, 1000));
    chunks.drop();
    chunks.add(mulaw(7, 160));
    await nextTurn();
    expect(sent.map((message) => message.length)).to.deep.equal([480, 480, 160]);
    expect(sent.at(-1)).to.deep.equal([...mulaw(7, 160)]);
  });
});
