import { expect } from 'chai';
import { InMemoryOptOuts } from '../../../src/adapters/memory/in-memory-opt-outs.js';
import { InboundText } from '../../../src/application/inbound-text.js';
import { RateLimiter } from '../../../src/application/rate-limiter.js';
import { ReplyToText } from '../../../src/application/reply-to-text.js';
import type { OptOuts } from '../../../src/ports/opt-outs.js';
import { ALICE, BOB } from '../../support/patients.js';
import { RecordingMessenger } from '../../support/recording-messenger.js';
import { EchoLanguageModel } from '../../support/scripted-language-model.js';
import { silentLogger } from '../../support/test-server.js';
import { aTextReceptionist } from '../../support/text-receptionist.js';
import { MONDAY_8AM } from '../../support/times.js';

/** A patient's texts as a messages-only channel (SNS) carries them: each reply goes out as a message. */
function aTextChannel(perMinute: number) {
  const model = new EchoLanguageModel();
  const { agent, clinic, clock } = aTextReceptionist(model);
  const optOuts: OptOuts = new InMemoryOptOuts();
  const inbound = new InboundText(agent, optOuts, clinic, clock, new RateLimiter(perMinute));
  const messenger = new RecordingMessenger();
  const replies = new ReplyToText(inbound, messenger, clock, silentLogger);
  let ids = 0;
  const text = (body: string, patient = ALICE) => {
    const id = `in-${++ids}`;
    return replies.execute({ patient, text: body, channel: 'sms', messageId: id, deliveryId: id });
  };
  /** Lets the replies in flight go out. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { clock, model, optOuts, messenger, text, settle };
}

describe("a patient's texts, past their messages a minute", () => {
  it('are answered once, politely, and then not at all, and none reaches the model', async () => {
    const { model, messenger, text, settle } = aTextChannel(3);
    for (const body of ['one', 'two', 'three', 'four', 'five', 'six']) await text(body);
    await settle();
    expect(model.calls).to.equal(3);
    // The refusal, made without the model, may go out before the replies do.
    expect(messenger.sent.map((m) => m.body)).to.have.members([
      'You said: one',
      'You said: two',
      'You said: three',
      'Test Clinic has had a lot of messages from this number in a short time, so the last ones were not read. Please wait a minute, then text again.',
    ]);
  });

  it('are read again once the minute has given back room, and another patient is not held up meanwhile', async () => {
    const { clock, model, messenger, text, settle } = aTextChannel(2);
    for (const body of ['one', 'two', 'three']) await text(body);
    await text('hello', BOB);
    clock.advance(30_000);
    await text('back again');
    await settle();
    expect(model.calls).to.equal(4);
    expect(messenger.sent.map((m) => m.body).slice(-2)).to.deep.equal(['You said: hello', 'You said: back again']);
  });

  it('still opt the patient out on STOP, without a confirmation past the limit', async () => {
    const { optOuts, messenger, text, settle } = aTextChannel(1);
    await text('one');
    await text('two');
    await text('STOP');
    await settle();
    expect(await optOuts.isOptedOut(ALICE)).to.equal(true);
    expect(messenger.sent.map((m) => m.body)).to.have.length(2);
    expect(messenger.sent.some((m) => /unsubscribed/.test(m.body))).to.equal(false);
  });

  it('tell an opted-out patient nothing, not even that they are over the limit', async () => {
    const { optOuts, messenger, text, settle } = aTextChannel(1);
    await optOuts.optOut(ALICE, MONDAY_8AM);
    await text('one');
    await text('two');
    await settle();
    expect(messenger.sent).to.deep.equal([]);
  });
});
