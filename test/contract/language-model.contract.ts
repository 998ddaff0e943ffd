import { expect } from 'chai';
import { textInstruction } from '../../src/application/instructions.js';
import { BOOKING_TOOLS, TOOL_NAMES } from '../../src/application/tool-catalog.js';
import type { ConversationTurn, ToolResult } from '../../src/domain/conversation.js';
import {
  type LanguageModel,
  LanguageModelError,
  type ModelReply,
  type ModelRequest,
} from '../../src/ports/language-model.js';
import { aClinic } from '../support/clinic-builder.js';
import { MONDAY_10AM, MONDAY_LATE_EVENING } from '../support/times.js';

/** What a competent model answers next, in the port's terms. */
export type ScriptedAnswer = { text: string } | { toolCalls: Array<{ name: string; args: Record<string, unknown> }> };

/**
 * Primes a model that cannot think for itself (a real adapter talking to a fake server) with what a
 * real model would answer. Models that do think, like the offline one, come without a script and
 * must reach the same answers on their own.
 */
export interface FakeScript {
  willAnswer(answer: ScriptedAnswer): void;
}

export interface LanguageModelUnderTest {
  model: LanguageModel;
  script?: FakeScript;
  close(): Promise<void>;
}

const CLINIC = aClinic();
const PATIENTS_OWN_NUMBER = '+1 (555) 010-4477';

function aRequest(turns: ConversationTurn[], now = MONDAY_10AM): ModelRequest {
  return {
    systemInstruction: textInstruction(CLINIC, now, 'text'),
    turns,
    tools: BOOKING_TOOLS,
    now,
    clinic: CLINIC,
    medium: 'text',
    timeZone: CLINIC.timeZone,
  };
}

const fromPatient = (text: string): ConversationTurn => ({ role: 'patient', text });

/** The receptionist turn the agent stores for a reply, `raw` included. */
const asTurn = (reply: ModelReply): ConversationTurn => ({
  role: 'receptionist',
  ...(reply.text ? { text: reply.text } : {}),
  ...(reply.toolCalls.length > 0 ? { toolCalls: reply.toolCalls } : {}),
  ...(reply.raw === undefined ? {} : { raw: reply.raw }),
});

/** What every reply must look like, whatever was asked: offered tools only, each with an object of arguments. */
function expectWellFormed(reply: ModelReply, request: ModelRequest): void {
  expect(reply.toolCalls, 'toolCalls').to.be.an('array');
  if (reply.text !== undefined) expect(reply.text, 'text').to.be.a('string');
  const offered = request.tools.map((tool) => tool.name);
  for (const call of reply.toolCalls) {
    expect(offered, `tool ${call.name}`).to.include(call.name);
    expect(call.args, `${call.name} args`).to.be.an('object').and.not.be.an('array');
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

const freeSlotsOnTuesday = {
  slots: [
    { slotId: '2026-03-03T0900', date: '2026-03-03', weekday: 'Tuesday', time: '09:00' },
    { slotId: '2026-03-03T0930', date: '2026-03-03', weekday: 'Tuesday', time: '09:30' },
  ],
};

/**
 * A scripted model says only what it was told to: the same cases prove no understanding of it, only
 * that the answer makes the round trip over the wire intact, and are named so.
 */
const ROUND_TRIPS = {
  greeting: 'round-trips a scripted answer in words, with no tool call, over the wire',
  lookup: 'round-trips a scripted tool call over the wire',
  tomorrow: 'round-trips a scripted tool call asked for when UTC is already the next day',
  phoneNumber: "round-trips a scripted tool call without adding the patient's phone number to it",
  afterResults: 'round-trips tool results, then a scripted answer in words, over the wire',
};
const UNDERSTANDING: typeof ROUND_TRIPS = {
  greeting: 'answers a greeting in words, without calling a tool',
  lookup: 'looks up the free slots of the day the patient names',
  tomorrow: "reads 'tomorrow' as the clinic's tomorrow, not UTC's",
  phoneNumber: 'never passes on a phone number, even the one the patient offers',
  afterResults: 'answers in words once the results of its tool calls are in',
};

/**
 * What every LanguageModel must do for the receptionist agent, whichever model is behind it. Each
 * adapter's test file calls this with a factory that returns a fresh model (and its script, if the
 * model is a fake's puppet: then `scripted`).
 */
export function languageModelContract(
  name: string,
  makeModel: () => Promise<LanguageModelUnderTest>,
  { scripted = false } = {},
) {
  const title = scripted ? ROUND_TRIPS : UNDERSTANDING;
  describe(`${name} language model (contract)`, () => {
    let subject: LanguageModelUnderTest;
    beforeEach(async () => {
      subject = await makeModel();
    });
    afterEach(async () => {
      await subject.close();
    });

    async function ask(request: ModelRequest, ...answers: ScriptedAnswer[]): Promise<ModelReply> {
      for (const answer of answers) subject.script?.willAnswer(answer);
      const reply = await subject.model.generate(request, AbortSignal.timeout(5_000));
      expectWellFormed(reply, request);
      return reply;
    }

    it('has a name to report in logs', () => {
      expect(subject.model.name).to.be.a('string').and.not.equal('');
    });

    it(title.greeting, async () => {
      const reply = await ask(aRequest([fromPatient('Hello!')]), { text: 'Hello! How can I help you today?' });
      expect(reply.text?.trim()).to.not.equal('');
      expect(reply.toolCalls).to.deep.equal([]);
    });

    it(title.lookup, async () => {
      const reply = await ask(aRequest([fromPatient('Any free slots on 2026-03-03?')]), {
        toolCalls: [{ name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } }],
      });
      const lookup = reply.toolCalls.find((call) => call.name === TOOL_NAMES.listAvailableSlots);
      expect(lookup?.args.date).to.equal('2026-03-03');
    });

    it(title.tomorrow, async () => {
      const reply = await ask(aRequest([fromPatient('Is anything free tomorrow?')], MONDAY_LATE_EVENING), {
        toolCalls: [{ name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } }],
      });
      expect(reply.toolCalls.find((call) => call.name === TOOL_NAMES.listAvailableSlots)?.args.date).to.equal(
        '2026-03-03',
      );
    });

    it(title.phoneNumber, async () => {
      const reply = await ask(
        aRequest([fromPatient(`This is ${PATIENTS_OWN_NUMBER}. Any free slots on 2026-03-03?`)]),
        {
          toolCalls: [{ name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } }],
        },
      );
      expect(reply.toolCalls).to.not.deep.equal([]);
      for (const call of reply.toolCalls) {
        expect(Object.keys(call.args).join(' '), `${call.name} argument names`).to.not.match(/phone|number|caller/i);
        for (const value of stringsIn(call.args))
          expect(value.replace(/\D/g, ''), `${call.name} argument ${value}`).to.not.include('5550104477');
      }
    });

    it(title.afterResults, async () => {
      const question = fromPatient('Any free slots on 2026-03-03?');
      const lookup = await ask(aRequest([question]), {
        toolCalls: [{ name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } }],
      });
      expect(lookup.toolCalls).to.not.deep.equal([]);
      const results: ToolResult[] = lookup.toolCalls.map((call) => ({
        ...(call.id ? { id: call.id } : {}),
        name: call.name,
        response:
          call.name === TOOL_NAMES.listAvailableSlots
            ? freeSlotsOnTuesday
            : { error: { code: 'UNEXPECTED', message: 'not part of this test' } },
      }));

      const reply = await ask(aRequest([question, asTurn(lookup), { role: 'tool', results }]), {
        text: 'On Tuesday 3 March I have 09:00 or 09:30. Which would suit you?',
      });
      expect(reply.text?.trim()).to.not.equal('');
      expect(reply.toolCalls).to.deep.equal([]);
    });

    it("does not keep a caller who has stopped waiting: it rejects with 'timeout' or answers at once", async () => {
      const started = performance.now();
      const request = aRequest([fromPatient('Hello!')]);
      const outcome = await subject.model.generate(request, AbortSignal.abort()).then(
        (reply) => ({ reply }),
        (error: unknown) => ({ error }),
      );
      if ('reply' in outcome) expectWellFormed(outcome.reply, request);
      else expect(outcome.error).to.be.instanceOf(LanguageModelError).with.property('kind', 'timeout');
      // Far less than any real answer takes: it did not wait for one.
      expect(performance.now() - started).to.be.below(1_000);
    });
  });
}
