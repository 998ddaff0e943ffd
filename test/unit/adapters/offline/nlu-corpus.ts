import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { nextMove } from '../../../../src/adapters/offline/dialogue/dialogue-policy.js';
import type { Move } from '../../../../src/adapters/offline/dialogue/move.js';
import { loadReceptionistLanguages } from '../../../../src/adapters/offline/receptionist-languages.js';
import type { ConversationTurn } from '../../../../src/domain/conversation.js';
import type { ClinicFacts } from '../../../../src/ports/language-model.js';

/** What a case expects first: a tool call with exactly these arguments, or a reply of this kind. */
export type Expectation = { call: { name: string; args: Record<string, unknown> } } | { reply: string };

export interface CorpusCase {
  intent: string;
  text: string;
  now?: string;
  context?: string;
  after?: Array<Record<string, unknown>>;
  expect: Expectation;
  note?: string;
}

export interface Corpus {
  /** BCP-47 primary code of the patients' language; a corpus without one is English. */
  language: string;
  timeZone: string;
  /** The clinic the patients write to: its locale (how weeks are counted) and the facts it tells. */
  clinic: ClinicFacts;
  now: string;
  contexts: Record<string, ConversationTurn[]>;
  cases: CorpusCase[];
}

export interface Outcome {
  case: CorpusCase;
  got: Expectation;
  ok: boolean;
}

export interface Score {
  outcomes: Outcome[];
  accuracy: number;
  byIntent: Array<{ intent: string; right: number; total: number }>;
}

const FIXTURES = new URL('../../../../../test/fixtures/', import.meta.url);

/** One corpus a language: `nlu-corpus.json` (English) and `nlu-corpus-<code>.json` beside it. */
export function loadCorpora(): Corpus[] {
  return readdirSync(FIXTURES)
    .filter((name) => /^nlu-corpus(-[a-z]{2,3})?\.json$/.test(name))
    .sort()
    .map((name) => {
      const corpus = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Partial<Corpus> &
        Omit<Corpus, 'language'>;
      return { ...corpus, language: corpus.language ?? 'en' };
    });
}

const asExpectation = (move: Move): Expectation =>
  'call' in move ? { call: { name: move.call.name, args: move.call.args } } : { reply: move.reply.kind };

const PACKS = loadReceptionistLanguages();

/**
 * Plays one case: the context, the patient's message, then each tool result in `after` answering
 * the call the model made, and compares the model's next move with the expectation.
 */
export function runCase(corpus: Corpus, entry: CorpusCase): Outcome {
  const now = Date.parse(entry.now ?? corpus.now);
  const turns: ConversationTurn[] = [
    ...(entry.context ? corpus.contexts[entry.context]! : []),
    { role: 'patient', text: entry.text },
  ];
  const setting = { timeZone: corpus.timeZone, clinic: corpus.clinic, medium: 'text' } as const;
  let move = nextMove(turns, now, setting, PACKS);
  for (const response of entry.after ?? []) {
    if (!('call' in move)) break;
    turns.push(
      { role: 'receptionist', toolCalls: [move.call] },
      { role: 'tool', results: [{ name: move.call.name, response }] },
    );
    move = nextMove(turns, now, setting, PACKS);
  }
  const got = asExpectation(move);
  return { case: entry, got, ok: isDeepStrictEqual(got, entry.expect) };
}

export function scoreCorpus(corpus: Corpus): Score {
  const outcomes = corpus.cases.map((entry) => runCase(corpus, entry));
  const intents = [...new Set(corpus.cases.map((c) => c.intent))];
  return {
    outcomes,
    accuracy: outcomes.filter((o) => o.ok).length / outcomes.length,
    byIntent: intents.map((intent) => {
      const mine = outcomes.filter((o) => o.case.intent === intent);
      return { intent, right: mine.filter((o) => o.ok).length, total: mine.length };
    }),
  };
}

export const describeMiss = (miss: Outcome) =>
  `${JSON.stringify(miss.case.text)}${miss.case.context ? ` [after ${miss.case.context}]` : ''}${miss.case.after ? ` [+${miss.case.after.length} results]` : ''}\n    expected ${JSON.stringify(miss.case.expect)}\n    got      ${JSON.stringify(miss.got)}`;
