import { describeMiss, loadCorpora, runCase, scoreCorpus } from '../test/unit/adapters/offline/nlu-corpus.js';

/**
 * The offline language model against the NLU corpora, one a language: exact first tool calls
 * (name and arguments) or reply kinds, per language and per intent, every miss, and the time one
 * utterance takes.
 */

const ROUNDS = 20;
const percent = (right: number, total: number) => `${((100 * right) / total).toFixed(1)}%`;

for (const corpus of loadCorpora()) {
  const score = scoreCorpus(corpus);
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) for (const entry of corpus.cases) runCase(corpus, entry);
  const perUtterance = (performance.now() - started) / (ROUNDS * corpus.cases.length);

  const right = score.outcomes.filter((o) => o.ok).length;
  console.log(
    `[${corpus.language}] offline model on ${corpus.cases.length} utterances: ${percent(right, corpus.cases.length)} exact (${right}/${corpus.cases.length})`,
  );
  console.log('\nper intent:');
  for (const { intent, right: r, total } of score.byIntent)
    console.log(`  ${intent.padEnd(16)} ${percent(r, total).padStart(6)}  (${r}/${total})`);
  const misses = score.outcomes.filter((o) => !o.ok);
  console.log(`\nmisses (${misses.length}):`);
  for (const miss of misses) console.log(`  ${describeMiss(miss)}`);
  console.log(
    `\ntime per utterance: ${(perUtterance * 1000).toFixed(0)} µs (mean of ${ROUNDS} rounds, context replay and tool results included)\n`,
  );
}
