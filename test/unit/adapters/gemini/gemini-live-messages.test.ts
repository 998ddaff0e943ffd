import { expect } from 'chai';
import fc from 'fast-check';
import { happeningsOf } from '../../../../src/adapters/gemini/gemini-live-messages.js';
import type { LiveWireMessage } from '../../../../src/adapters/gemini/gemini-live-socket.js';

/** Any JSON in the places Gemini's fields go, and at the top: what a faulty peer or proxy could send. */
const oddly = fc.jsonValue();
const oddMessage = fc.record(
  {
    serverContent: fc.oneof(
      oddly,
      fc.record(
        {
          interrupted: oddly,
          turnComplete: oddly,
          inputTranscription: oddly,
          outputTranscription: oddly,
          modelTurn: fc.oneof(
            oddly,
            fc.record({ parts: fc.oneof(oddly, fc.array(fc.oneof(oddly, fc.record({ inlineData: oddly })))) }),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    toolCall: fc.oneof(oddly, fc.record({ functionCalls: fc.oneof(oddly, fc.array(oddly)) })),
    toolCallCancellation: fc.oneof(oddly, fc.record({ ids: oddly })),
    sessionResumptionUpdate: fc.oneof(oddly, fc.record({ resumable: oddly, newHandle: oddly })),
    goAway: oddly,
  },
  { requiredKeys: [] },
);

describe('reading a Gemini Live server message', () => {
  it('reads audio, transcripts, tool calls and the resumption handle from a well-formed message, interruption first', () => {
    const pcm = Buffer.from(Int16Array.of(1, -2, 3).buffer).toString('base64');
    const message = {
      serverContent: {
        interrupted: true,
        inputTranscription: { text: 'hello' },
        modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcm } }, { text: 'a thought' }] },
        turnComplete: true,
      },
      toolCall: { functionCalls: [{ id: 'c1', name: 'list_slots', args: { date: '2026-03-03' } }, { name: 'no_id' }] },
      sessionResumptionUpdate: { resumable: true, newHandle: 'h-1' },
    } as LiveWireMessage;
    const happenings = happeningsOf(message);
    expect(happenings.map((h) => h.kind)).to.deep.equal([
      'interrupted',
      'transcript',
      'audio',
      'turnComplete',
      'toolCalls',
      'resumable',
    ]);
    expect([...(happenings[2] as { pcm24k: Int16Array }).pcm24k]).to.deep.equal([1, -2, 3]);
    expect(happenings[4]).to.deep.equal({
      kind: 'toolCalls',
      calls: [{ id: 'c1', name: 'list_slots', args: { date: '2026-03-03' } }],
    });
  });

  it('never throws, whatever shape each field comes in, so a faulty peer cannot take the server down', () => {
    fc.assert(
      fc.property(fc.oneof(oddMessage, oddly), (message) => {
        for (const happening of happeningsOf(message as LiveWireMessage)) {
          if (happening.kind === 'audio') expect(happening.pcm24k).to.be.instanceOf(Int16Array);
          if (happening.kind === 'toolCalls')
            expect(
              happening.calls.every((call) => typeof call.id === 'string' && typeof call.args === 'object'),
            ).to.equal(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
