import { expect } from 'chai';
import { type ConversationTurn, conversationWindow, type StampedTurn } from '../../../src/domain/conversation.js';

const HOUR = 3_600_000;
const asked: ConversationTurn = { role: 'patient', text: 'anything tomorrow?' };
const called: ConversationTurn = { role: 'receptionist', toolCalls: [{ name: 'list_available_slots', args: {} }] };
const answered: ConversationTurn = {
  role: 'tool',
  results: [{ name: 'list_available_slots', response: { slots: [] } }],
};
const replied: ConversationTurn = { role: 'receptionist', text: 'Nothing tomorrow, sorry.' };
const at = (turns: ConversationTurn[], when: number): StampedTurn[] => turns.map((turn) => ({ turn, at: when }));

describe('the part of a conversation a model sees', () => {
  it('is the whole of a short, recent conversation', () => {
    const turns = at([asked, called, answered, replied], 0);
    expect(conversationWindow(turns, { maxTurns: 40, maxAgeMs: HOUR }, 1)).to.deep.equal([
      asked,
      called,
      answered,
      replied,
    ]);
  });

  it('leaves out what is older than the age limit', () => {
    const turns = [...at([asked, replied], 0), ...at([asked, called, answered, replied], HOUR)];
    expect(conversationWindow(turns, { maxTurns: 40, maxAgeMs: HOUR }, HOUR + 1)).to.have.length(4);
  });

  it('starts at a patient message, so no tool result is seen without the call it answers', () => {
    const turns = at([asked, called, answered, replied], 0);
    // The last three turns would begin with a tool call: the window drops them back to a message.
    expect(conversationWindow(turns, { maxTurns: 3, maxAgeMs: HOUR }, 1)).to.deep.equal([]);
    expect(conversationWindow(at([replied, asked, replied], 0), { maxTurns: 2, maxAgeMs: HOUR }, 1)).to.deep.equal([
      asked,
      replied,
    ]);
  });
});
