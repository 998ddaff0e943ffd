import { describeMiss, loadCorpus, runCase, scoreCorpus } from '../test/unit/adapters/offline/nlu-corpus.js';

/**
 * The offline language model against the NLU corpus: exact first tool calls (name and arguments)
 * or reply kinds, overall and per intent, every miss, and the time one utterance takes.
 */

const ROUNDS = 20;
const corpus = loadCorpus();
const score = scoreCorpus(corpus);
const percent = (right: number, total: number) => `${((100 * right) / total).toFixed(1)}%`;

const started = performance.now();
for (let round = 0; round < ROUNDS; round++) for (const entry of corpus.cases) runCase(corpus, entry);
const perUtterance = (performance.now() - started) / (ROUNDS * corpus.cases.length);

const right = score.outcomes.filter((o) => o.ok).length;
console.log(
  `offline model on ${corpus.cases.length} utterances: ${percent(right, corpus.cases.length)} exact (${right}/${corpus.cases.length})`,
);
console.log('\nper intent:');
for (const { intent, right: r, total } of score.byIntent)
  console.log(`  ${intent.padEnd(16)} ${percent(r, total).padStart(6)}  (${r}/${total})`);
const misses = score.outcomes.filter((o) => !o.ok);
console.log(`\nmisses (${misses.length}):`);
for (const miss of misses) console.log(`  ${describeMiss(miss)}`);
console.log(
  `\ntime per utterance: ${(perUtterance * 1000).toFixed(0)} µs (mean of ${ROUNDS} rounds, context replay and tool results included)`,
);
