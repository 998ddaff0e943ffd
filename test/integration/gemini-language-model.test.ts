import { expect } from 'chai';
import { createGeminiLanguageModel, type GeminiSettings } from '../../src/adapters/gemini/gemini-language-model.js';
import { BOOKING_TOOLS, TOOL_NAMES } from '../../src/application/tool-catalog.js';
import type { ConversationTurn } from '../../src/domain/conversation.js';
import { LanguageModelError, type ModelRequest } from '../../src/ports/language-model.js';
import { aClinic } from '../support/clinic-builder.js';
import {
  blockedPrompt,
  droppedConnection,
  emptyCandidate,
  type FakeGeminiResponse,
  functionCallAnswer,
  googleError,
  malformedBody,
  modelNotFound,
  rateLimited,
  serverError,
  slow,
  THOUGHT_SIGNATURE,
  textAnswer,
} from '../support/fake-gemini-answers.js';
import { FakeGeminiServer } from '../support/fake-gemini-server.js';
import { geminiSettings } from '../support/gemini-settings.js';
import { MONDAY_10AM } from '../support/times.js';

const API_KEY = 'AIzaSy-test-key-for-the-fake-server';
const SYSTEM_INSTRUCTION = 'You are the receptionist of Test Clinic.';

const aRequest = (turns: ConversationTurn[]): ModelRequest => ({
  systemInstruction: SYSTEM_INSTRUCTION,
  turns,
  tools: BOOKING_TOOLS,
  now: MONDAY_10AM,
  timeZone: 'America/New_York',
  clinic: aClinic(),
  medium: 'text',
});
const askingForSlots: ConversationTurn = { role: 'patient', text: 'Any free slots on 2026-03-03?' };

/** The content a scripted answer carries, as Gemini put it on the wire. */
const contentOf = (answer: FakeGeminiResponse) =>
  'body' in answer ? JSON.parse(answer.body).candidates[0].content : undefined;

async function failureOf(work: Promise<unknown>): Promise<LanguageModelError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(LanguageModelError);
    return error as LanguageModelError;
  }
  throw new Error('expected a LanguageModelError, but the model answered');
}

describe('Gemini language model (real SDK against a fake Gemini server)', () => {
  let fake: FakeGeminiServer;
  beforeEach(async () => {
    fake = await FakeGeminiServer.start({ apiKey: API_KEY });
  });
  afterEach(async () => {
    await fake.close();
  });

  const gemini = (settings: Partial<GeminiSettings> = {}) =>
    createGeminiLanguageModel({
      ...geminiSettings(API_KEY, fake.url).text,
      model: 'gemini-test-model',
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      ...settings,
    });

  describe('what it sends', () => {
    it('calls generateContent for the configured model, with the key in x-goog-api-key and never in the URL', async () => {
      fake.enqueue(textAnswer('Hello!'));
      const model = gemini();
      await model.generate(aRequest([{ role: 'patient', text: 'Hello' }]));

      expect(model.name).to.equal('gemini:gemini-test-model');
      const [request] = fake.requests;
      expect(request!.method).to.equal('POST');
      expect(request!.path).to.equal('/v1beta/models/gemini-test-model:generateContent');
      expect(request!.headers['x-goog-api-key']).to.equal(API_KEY);
      expect(request!.path).to.not.include(API_KEY);
    });

    it('uses the configured API version, whatever GOOGLE_GENAI_API_VERSION says', async () => {
      fake.enqueue(textAnswer('Hello!'));
      process.env.GOOGLE_GENAI_API_VERSION = 'v1alpha';
      try {
        await gemini({ apiVersion: 'v1' }).generate(aRequest([{ role: 'patient', text: 'Hello' }]));
      } finally {
        delete process.env.GOOGLE_GENAI_API_VERSION;
      }

      expect(fake.requests[0]!.path).to.equal('/v1/models/gemini-test-model:generateContent');
    });

    it('sends the system instruction, and the tool catalog as function declarations with their JSON schema', async () => {
      fake.enqueue(textAnswer('Hello!'));
      await gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }]));

      const { body } = fake.requests[0]!;
      expect(body.systemInstruction?.parts).to.deep.equal([{ text: SYSTEM_INSTRUCTION }]);
      expect(body.tools).to.deep.equal([
        {
          functionDeclarations: BOOKING_TOOLS.map(({ name, description, parameters }) => ({
            name,
            description,
            parametersJsonSchema: parameters,
          })),
        },
      ]);
      expect(body.contents).to.deep.equal([{ role: 'user', parts: [{ text: 'Hello' }] }]);
    });

    it('leaves the shared tool catalog as it found it', async () => {
      const before = structuredClone(BOOKING_TOOLS);
      fake.enqueue(textAnswer('Hello!'));
      await gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }]));
      expect(BOOKING_TOOLS).to.deep.equal(before);
    });

    it('sends its own earlier content back exactly as Gemini sent it, thought signature and call ids included', async () => {
      const calls = functionCallAnswer(
        [
          { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } },
          { id: 'call-2', name: TOOL_NAMES.listMyAppointments, args: {} },
        ],
        { text: 'Let me look.' },
      );
      fake.enqueue(calls, textAnswer('09:00 is free.'));
      const model = gemini();
      const first = await model.generate(aRequest([askingForSlots]));

      await model.generate(
        aRequest([
          askingForSlots,
          { role: 'receptionist', text: first.text!, toolCalls: first.toolCalls, raw: first.raw },
          {
            role: 'tool',
            results: [
              {
                id: 'call-1',
                name: TOOL_NAMES.listAvailableSlots,
                response: { slots: [{ slotId: '2026-03-03T0900', time: '09:00' }] },
              },
              { id: 'call-2', name: TOOL_NAMES.listMyAppointments, response: { appointments: [] } },
            ],
          },
        ]),
      );

      const [, echoed, results] = fake.requests[1]!.body.contents;
      expect(echoed).to.deep.equal(contentOf(calls));
      expect(echoed!.parts![1]!.thoughtSignature).to.equal(THOUGHT_SIGNATURE);
      expect(results).to.deep.equal({
        role: 'user',
        parts: [
          {
            functionResponse: {
              id: 'call-1',
              name: TOOL_NAMES.listAvailableSlots,
              response: { slots: [{ slotId: '2026-03-03T0900', time: '09:00' }] },
            },
          },
          { functionResponse: { id: 'call-2', name: TOOL_NAMES.listMyAppointments, response: { appointments: [] } } },
        ],
      });
    });

    it('rebuilds the turns another model wrote, which carry no Gemini content, from their words and tool calls', async () => {
      fake.enqueue(textAnswer('Anything else?'));
      await gemini().generate(
        aRequest([
          askingForSlots,
          {
            role: 'receptionist',
            toolCalls: [{ name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } }],
            raw: { offline: true },
          },
          { role: 'tool', results: [{ name: TOOL_NAMES.listAvailableSlots, response: { slots: [] } }] },
          { role: 'receptionist', text: 'Nothing is free on Tuesday 3 March.' },
          { role: 'patient', text: 'Thanks' },
        ]),
      );

      expect(fake.requests[0]!.body.contents).to.deep.equal([
        { role: 'user', parts: [{ text: 'Any free slots on 2026-03-03?' }] },
        {
          role: 'model',
          parts: [{ functionCall: { name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } } }],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { name: TOOL_NAMES.listAvailableSlots, response: { slots: [] } } }],
        },
        { role: 'model', parts: [{ text: 'Nothing is free on Tuesday 3 March.' }] },
        { role: 'user', parts: [{ text: 'Thanks' }] },
      ]);
    });
  });

  describe('what it answers', () => {
    it("returns Gemini's words with no tool calls, keeping its content as raw", async () => {
      const answer = textAnswer('Hello! How can I help?');
      fake.enqueue(answer);
      const reply = await gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }]));
      expect(reply).to.deep.equal({ text: 'Hello! How can I help?', toolCalls: [], raw: contentOf(answer) });
    });

    it('returns function calls as tool calls, with their ids and arguments', async () => {
      fake.enqueue(
        functionCallAnswer([
          { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03', partOfDay: 'morning' } },
          { name: TOOL_NAMES.listMyAppointments },
        ]),
      );
      const reply = await gemini().generate(aRequest([askingForSlots]));
      expect(reply.text).to.equal(undefined);
      expect(reply.toolCalls).to.deep.equal([
        { id: 'call-1', name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03', partOfDay: 'morning' } },
        { name: TOOL_NAMES.listMyAppointments, args: {} },
      ]);
    });

    it('joins words split across parts, and leaves thought summaries out of them', async () => {
      fake.enqueue({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          candidates: [
            {
              content: {
                role: 'model',
                parts: [
                  { text: 'The patient wants slots.', thought: true },
                  { text: 'Tuesday has ' },
                  { text: '09:00 free.' },
                ],
              },
              finishReason: 'STOP',
            },
          ],
        }),
      });
      const reply = await gemini().generate(aRequest([askingForSlots]));
      expect(reply.text).to.equal('Tuesday has 09:00 free.');
    });
  });

  describe('when Gemini is overloaded or failing', () => {
    it('retries a 429 after a backoff, and answers', async () => {
      fake.enqueue(rateLimited(), textAnswer('Hello!'));
      const reply = await gemini({ retry: { initialDelayMs: 40, maxDelayMs: 400 } }).generate(
        aRequest([{ role: 'patient', text: 'Hello' }]),
      );

      expect(reply.text).to.equal('Hello!');
      expect(fake.requests).to.have.length(2);
      expect(
        fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt,
        'at least half the first backoff step',
      ).to.be.at.least(20);
    });

    it('retries a 500, a 503 and a dropped connection alike', async () => {
      fake.enqueue(serverError(500), serverError(503), droppedConnection, textAnswer('Hello!'));
      const reply = await gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }]));
      expect(reply.text).to.equal('Hello!');
      expect(fake.requests).to.have.length(4);
    });

    it('waits as long as the RetryInfo of a 429 asks rather than its own backoff', async () => {
      fake.enqueue(rateLimited({ retryDelay: '0.050s' }), textAnswer('Hello!'));
      await gemini({ retry: { initialDelayMs: 3_000, maxDelayMs: 3_000 } }).generate(
        aRequest([{ role: 'patient', text: 'Hello' }]),
      );
      const gap = fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt;
      expect(gap).to.be.at.least(45).and.below(1_000);
    });

    for (const [form, header] of [
      ['seconds', '0'],
      ['an HTTP date', new Date(0).toUTCString()],
    ]) {
      it(`waits as long as a Retry-After header in ${form} asks rather than its own backoff`, async () => {
        fake.enqueue(rateLimited({ retryAfterHeader: header! }), textAnswer('Hello!'));
        await gemini({ retry: { initialDelayMs: 3_000, maxDelayMs: 3_000 } }).generate(
          aRequest([{ role: 'patient', text: 'Hello' }]),
        );
        expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).to.be.below(1_000);
      });
    }

    it('gives up at once, as unavailable, when Gemini asks for a longer wait than the policy allows', async () => {
      fake.enqueue(rateLimited({ retryDelay: '37s' }), textAnswer('too late'));
      const started = performance.now();
      const error = await failureOf(gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }])));
      expect(error.kind).to.equal('unavailable');
      expect(error.message).to.include('37 s').and.include('RESOURCE_EXHAUSTED');
      expect(fake.requests).to.have.length(1);
      expect(performance.now() - started).to.be.below(1_000);
    });

    it('reports unavailable once its bounded retries are spent, after four attempts in all', async () => {
      fake.enqueue(...Array.from({ length: 6 }, () => serverError(500)));
      const error = await failureOf(
        gemini({ retry: { initialDelayMs: 5, maxDelayMs: 20 } }).generate(
          aRequest([{ role: 'patient', text: 'Hello' }]),
        ),
      );
      expect(error.kind).to.equal('unavailable');
      expect(error.message).to.include('after 4 attempts').and.include('HTTP 500 INTERNAL');
      expect(fake.requests).to.have.length(4);
    });

    it('reports an unknown model on 404, naming the model and GEMINI_MODEL, without retrying', async () => {
      fake.enqueue(modelNotFound, modelNotFound);
      const error = await failureOf(
        gemini({ model: 'gemini-9-imaginary' }).generate(aRequest([{ role: 'patient', text: 'Hello' }])),
      );
      expect(error.kind).to.equal('unknown-model');
      expect(error.message).to.include('"gemini-9-imaginary"').and.include('GEMINI_MODEL').and.include('NOT_FOUND');
      expect(fake.requests).to.have.length(1);
    });

    it('does not retry other refusals: a key Gemini does not accept is unavailable at once', async () => {
      const error = await failureOf(
        gemini({ apiKey: 'AIzaSy-revoked-key' }).generate(aRequest([{ role: 'patient', text: 'Hello' }])),
      );
      expect(error.kind).to.equal('unavailable');
      expect(error.message).to.include('HTTP 400 INVALID_ARGUMENT: API key not valid');
      expect(fake.requests).to.have.length(1);
    });
  });

  describe('when the answer is unusable', () => {
    const unusable: Array<[string, FakeGeminiResponse, string]> = [
      ['a body that is not JSON', malformedBody(), 'not JSON'],
      ['a conversation stopped by the safety filters', blockedPrompt('SAFETY'), 'blockReason SAFETY'],
      [
        'a candidate with no content',
        emptyCandidate('MALFORMED_FUNCTION_CALL'),
        'finishReason MALFORMED_FUNCTION_CALL',
      ],
      ['an answer with neither words nor calls', textAnswer('   '), 'neither words nor a tool call'],
      [
        'a tool call whose arguments are not an object',
        functionCallAnswer([{ name: TOOL_NAMES.holdSlot, args: ['2026-03-03T0900'] as never }]),
        'not an object',
      ],
    ];
    for (const [what, answer, says] of unusable) {
      it(`reports ${what} as a bad response, without retrying`, async () => {
        fake.enqueue(answer, textAnswer('retried'));
        const error = await failureOf(gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }])));
        expect(error.kind).to.equal('bad-response');
        expect(error.message).to.include(says);
        expect(fake.requests).to.have.length(1);
      });
    }
  });

  describe('deadlines', () => {
    it('reports a timeout when an answer takes longer than the per-attempt timeout, without retrying', async () => {
      fake.enqueue(slow(2_000, textAnswer('too late')), textAnswer('retried'));
      const started = performance.now();
      const error = await failureOf(
        gemini({ timeoutMs: 100 }).generate(aRequest([{ role: 'patient', text: 'Hello' }])),
      );
      expect(error.kind).to.equal('timeout');
      expect(error.message).to.include('100 ms');
      expect(performance.now() - started).to.be.below(1_000);
      expect(fake.requests).to.have.length(1);
    });

    it("reports a timeout when the caller's deadline passes while Gemini is still answering", async () => {
      fake.enqueue(slow(2_000, textAnswer('too late')));
      const started = performance.now();
      const error = await failureOf(
        gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }]), AbortSignal.timeout(100)),
      );
      expect(error.kind).to.equal('timeout');
      expect(performance.now() - started).to.be.below(1_000);
    });

    it("stops retrying when the caller's deadline passes during a backoff", async () => {
      fake.enqueue(serverError(503), textAnswer('too late'));
      const started = performance.now();
      const model = gemini({ retry: { initialDelayMs: 3_000, maxDelayMs: 3_000 } });
      const error = await failureOf(
        model.generate(aRequest([{ role: 'patient', text: 'Hello' }]), AbortSignal.timeout(100)),
      );
      expect(error.kind).to.equal('timeout');
      expect(performance.now() - started).to.be.below(1_000);
      expect(fake.requests).to.have.length(1);
    });

    it('sends nothing for a caller that has already stopped waiting', async () => {
      const error = await failureOf(
        gemini().generate(aRequest([{ role: 'patient', text: 'Hello' }]), AbortSignal.abort()),
      );
      expect(error.kind).to.equal('timeout');
      expect(fake.requests).to.have.length(0);
    });
  });

  it('keeps the API key out of every error message, even when an error quotes it', async () => {
    const errors: LanguageModelError[] = [];
    const hello = aRequest([{ role: 'patient', text: 'Hello' }]);
    fake.enqueue(googleError(403, 'PERMISSION_DENIED', `API key ${API_KEY} is not allowed to use this model.`));
    errors.push(await failureOf(gemini().generate(hello)));
    fake.enqueue(
      modelNotFound,
      malformedBody(),
      slow(500, textAnswer('late')),
      ...Array.from({ length: 4 }, () => serverError(503)),
    );
    for (const settings of [{}, {}, { timeoutMs: 50 }, { retry: { initialDelayMs: 1, maxDelayMs: 5 } }])
      errors.push(await failureOf(gemini(settings).generate(hello)));

    expect(errors.map((error) => error.kind)).to.deep.equal([
      'unavailable',
      'unknown-model',
      'bad-response',
      'timeout',
      'unavailable',
    ]);
    for (const error of errors) expect(`${error.message} ${error.stack}`).to.not.include(API_KEY);
    expect(errors[0]!.message).to.include('API key [GEMINI_API_KEY] is not allowed');
  });
});
