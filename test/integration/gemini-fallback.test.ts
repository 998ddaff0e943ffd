import { expect } from 'chai';
import { createGeminiLanguageModel } from '../../src/adapters/gemini/gemini-language-model.js';
import { functionCallAnswer, modelNotFound, serverError, textAnswer } from '../support/fake-gemini-answers.js';
import { FakeGeminiServer } from '../support/fake-gemini-server.js';
import { geminiSettings } from '../support/gemini-settings.js';
import { ALICE } from '../support/patients.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('the receptionist on Gemini (real SDK, fake Gemini server)', () => {
  let gemini: FakeGeminiServer;
  let server: TestServer;
  let logger: RecordingLogger;
  beforeEach(async () => {
    gemini = await FakeGeminiServer.start({ apiKey: 'test-key' });
    logger = new RecordingLogger();
    const model = createGeminiLanguageModel({
      ...geminiSettings('test-key', gemini.url).text,
      retry: { retries: 1, initialDelayMs: 1, maxDelayMs: 10 },
    });
    server = await startTestServer({ languageModel: model, logger });
  });
  afterEach(async () => {
    await server.close();
    await gemini.close();
  });

  const say = async (message: string) =>
    (await server.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message })).body.reply as string;

  it('runs the tools Gemini calls as the texting patient and answers with its words', async () => {
    gemini.enqueue(
      functionCallAnswer([{ name: 'list_available_slots', args: { date: '2026-03-03', partOfDay: 'morning' } }]),
      textAnswer('Tuesday has 9:00 and 9:30 free.'),
    );
    expect(await say('anything tuesday morning?')).to.equal('Tuesday has 9:00 and 9:30 free.');
    const toolTurn = gemini.requests[1]!.body.contents.at(-1)!;
    const result = toolTurn.parts![0]!.functionResponse as { name: string; response: { slots: { slotId: string }[] } };
    expect(result.name).to.equal('list_available_slots');
    expect(result.response.slots[0]!.slotId).to.equal('2026-03-03T0900');
  });

  it('falls back to the offline model, with a log line, when Gemini fails mid-conversation', async () => {
    gemini.enqueue(serverError(), serverError());
    const reply = await say('can I book tomorrow at 10am?');
    expect(reply)
      .to.match(/Tuesday, March 3/)
      .and.match(/10:00/);
    const warning = logger.lines.find((line) => line.message === 'language model failed; falling back');
    expect(warning?.level).to.equal('warn');
    expect(warning?.fields).to.include({ fallback: 'offline', kind: 'unavailable' });
  });

  it('falls back too when the configured model name is unknown', async () => {
    gemini.enqueue(modelNotFound);
    expect(await say('hi')).to.match(/book, move or cancel/);
    expect(
      logger.lines.some(
        (line) => line.message === 'language model failed; falling back' && line.fields.kind === 'unknown-model',
      ),
    ).to.equal(true);
  });
});
