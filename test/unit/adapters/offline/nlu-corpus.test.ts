import { expect } from 'chai';
import { describeMiss, loadCorpora, scoreCorpus } from './nlu-corpus.js';

const REQUIRED_ACCURACY = 0.95;

for (const corpus of loadCorpora()) {
  describe(`the offline model on the ${corpus.language} NLU corpus (test/fixtures/nlu-corpus*.json)`, () => {
    it('holds at least 150 patient messages, every one naming only contexts that exist', () => {
      expect(corpus.cases.length).to.be.at.least(150);
      for (const entry of corpus.cases)
        if (entry.context) expect(corpus.contexts, entry.text).to.have.property(entry.context);
    });

    it(`makes the first tool call a careful receptionist would, or replies in kind, for at least ${REQUIRED_ACCURACY * 100}% of them`, () => {
      const score = scoreCorpus(corpus);
      const misses = score.outcomes.filter((o) => !o.ok).map(describeMiss);
      expect(score.accuracy, `misses:\n  ${misses.join('\n  ')}`).to.be.at.least(REQUIRED_ACCURACY);
    });
  });
}
