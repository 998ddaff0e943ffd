import { expect } from 'chai';
import { BookingTools } from '../../../src/application/booking-tools.js';
import type { ConversationTurn, ToolCall } from '../../../src/domain/conversation.js';
import type { LanguageModel, ModelReply, ModelRequest } from '../../../src/ports/language-model.js';
import { ALICE } from '../../support/patients.js';
import { aTextReceptionist } from '../../support/text-receptionist.js';

/** A model that answers with the replies it is given, in order, and keeps what it was sent. */
class ScriptedModel implements LanguageModel {
  readonly name = 'scripted';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly replies: ModelReply[]) {}

  async generate(request: ModelRequest): Promise<ModelReply> {
    this.requests.push(structuredClone(request));
    return this.replies.shift() ?? { text: 'Done.', toolCalls: [] };
  }
}

/** The booking tools, counting the calls that reach them. */
class CountingTools extends BookingTools {
  runs = 0;
  override run(...args: Parameters<BookingTools['run']>) {
    this.runs++;
    return super.run(...args);
  }
}

const aReceptionist = (model: LanguageModel) => aTextReceptionist(model, CountingTools);

const listMine = (n: number): ToolCall => ({ id: `c${n}`, name: 'list_my_appointments', args: {} });
const toolResults = (turns: ConversationTurn[]) => turns.flatMap((turn) => (turn.role === 'tool' ? turn.results : []));

describe('the text receptionist, bounded', () => {
  it('runs at most 5 tool calls of one model turn, and answers the rest as not run', async () => {
    const model = new ScriptedModel([
      { toolCalls: Array.from({ length: 8 }, (_, i) => listMine(i)) },
      { text: 'You have no appointments.', toolCalls: [] },
    ]);
    const { agent, tools } = aReceptionist(model);
    expect(await agent.reply(ALICE, 'what do I have?')).to.equal('You have no appointments.');
    expect(tools.runs).to.equal(5);
    const results = toolResults(model.requests[1]!.turns);
    expect(results.map((result) => result.id)).to.deep.equal(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(results.slice(0, 5).every((result) => !('error' in result.response))).to.equal(true);
    for (const result of results.slice(5)) {
      expect(result.response).to.have.nested.property('error.code', 'TOO_MANY_TOOL_CALLS');
      expect(result.response)
        .to.have.nested.property('error.message')
        .that.match(/at most 5/);
    }
  });

  it('asks the model at most 6 times for one message, and then apologises', async () => {
    const model = new ScriptedModel(Array.from({ length: 10 }, (_, i) => ({ toolCalls: [listMine(i)] })));
    const { agent, tools } = aReceptionist(model);
    expect(await agent.reply(ALICE, 'loop forever')).to.match(/^Sorry/);
    expect(model.requests).to.have.length(6);
    expect(tools.runs).to.equal(6);
  });
});
