import { createGeminiLanguageModel } from '../../src/adapters/gemini/gemini-language-model.js';
import { functionCallAnswer, textAnswer } from '../support/fake-gemini-answers.js';
import { FakeGeminiServer } from '../support/fake-gemini-server.js';
import { geminiSettings } from '../support/gemini-settings.js';
import { type FakeScript, languageModelContract } from './language-model.contract.js';

/** The contract's answers, as Gemini would send them over the wire. */
const scriptOn = (fake: FakeGeminiServer): FakeScript => ({
  willAnswer: (answer) =>
    fake.enqueue('text' in answer ? textAnswer(answer.text) : functionCallAnswer(answer.toolCalls)),
});

languageModelContract(
  'Gemini (real SDK, fake Gemini server)',
  async () => {
    const fake = await FakeGeminiServer.start({ apiKey: 'contract-test-key' });
    const model = createGeminiLanguageModel(geminiSettings('contract-test-key', fake.url).text);
    return { model, script: scriptOn(fake), close: () => fake.close() };
  },
  { scripted: true },
);
