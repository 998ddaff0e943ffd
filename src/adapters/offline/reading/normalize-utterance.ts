import type { ReadingRules, SpokenTimeRules } from './reading-rules.js';

/**
 * Patients text in shorthand and misspell: this turns a message into plain lower-case words, so
 * the rules and the date parser see "tomorrow" whether they wrote "tmrw", "2morrow" or "tomorow".
 * The words, and the phrases that name days and times, are the language pack's; what comes out
 * names days and times in the date reader's words whatever the language.
 */

const EMOJI_WORDS: Array<[RegExp, string]> = [
  [/[👍👌✅✔]/gu, ' yes '],
  [/[👎❌]/gu, ' no '],
  [/🙏/gu, ' thanks '],
];

/** Optimal string alignment distance: a swapped pair of letters ("cancle") counts as one slip. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Two letters swapped, and nothing else: the one slip a four-letter word is allowed ("moev"). */
const swapped = (a: string, b: string) =>
  a.length === b.length && [...a].sort().join('') === [...b].sort().join('') && editDistance(a, b) === 1;

/**
 * The vocabulary word a misspelling most likely meant. Typos rarely touch the first letter, and
 * short words tolerate one slip only, so "money" never becomes "monday"; four-letter words only a
 * swap. Long words tolerate two: "wensday" is Wednesday.
 */
function corrected(word: string, vocabulary: readonly string[]): string {
  if (vocabulary.includes(word)) return word;
  if (word.length === 4) return vocabulary.find((candidate) => swapped(word, candidate)) ?? word;
  if (word.length < 5) return word;
  const allowed = word.length >= 7 ? 2 : 1;
  let best = word;
  let bestDistance = allowed + 1;
  for (const candidate of vocabulary) {
    if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > allowed) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Speech recognisers, and some patients, spell times out: "at ten", "ten thirty am". Only a number
 * word in a time's position becomes digits, so "one appointment" stays as it is.
 */
function withSpokenTimesAsDigits(text: string, spoken: SpokenTimeRules | undefined): string {
  if (!spoken) return text;
  const hour = (word: string) => String(spoken.hours.indexOf(word) + 1);
  const minutes = (word?: string) => (word && word !== spoken.oclock ? `:${spoken.minutes.get(word)}` : '');
  return text.replace(
    spoken.pattern,
    (_match, lead?: string, h1?: string, m1?: string, h2?: string, m2?: string, tail?: string) =>
      lead
        ? `${lead} ${hour(h1!)}${minutes(m1)}`
        : `${hour(h2!)}${minutes(m2)} ${tail === spoken.oclock ? '' : tail}`.trim(),
  );
}

/** A patient who writes their own number must not have it read as a date, nor passed on. */
function withoutPhoneNumbers(text: string): string {
  return text.replace(/\+?\(?\d[\d\s().-]{6,}\d/g, (match) => (match.replace(/\D/g, '').length >= 10 ? ' ' : match));
}

/** Lower case without accents: "Miércoles" and "miercoles" are one word to the rules. */
const folded = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

function withPhrasesRewritten(text: string, rules: ReadingRules): string {
  return rules.phrases.reduce((rewritten, [phrase, replacement]) => rewritten.replace(phrase, replacement), text);
}

export function normalizeUtterance(text: string, rules: ReadingRules): string {
  let normalized = withSpokenTimesAsDigits(
    withPhrasesRewritten(withoutPhoneNumbers(folded(text)), rules),
    rules.spokenTime,
  );
  for (const [emoji, word] of EMOJI_WORDS) normalized = normalized.replace(emoji, word);
  normalized = normalized
    .replace(/\p{Extended_Pictographic}|\uFE0F/gu, ' ')
    .replace(/[‘’`]/g, "'")
    .replace(/[“”"]/g, ' ')
    .replace(/\b([ap])\.m\.?/g, '$1m')
    .replace(/\b(dr|mr|mrs|ms)\./g, '$1')
    // "#2" is a choice by number (reading/ordinal-choice.ts); a "#" before anything else means nothing.
    .replace(/#\s?(\d)\b/g, ' #$1')
    .replace(/\.(?!\d)/g, ' . ')
    .replace(/([,?!;])/g, ' $1 ')
    .replace(/#(?!\d)|[^a-z0-9@':/\-.,?!;# ]/g, ' ');
  return normalized
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      // "tuesday's" keeps its possessive: it marks the appointment a patient already has.
      const [, stem = word, possessive = ''] = /^(.+?)('s)?$/.exec(word) ?? [];
      // A misspelt word is corrected first, then looked up: "miercles" is "miércoles", so Wednesday.
      const known = rules.words.get(stem) ?? corrected(stem, rules.vocabulary);
      return (rules.words.get(known) ?? known) + possessive;
    })
    .join(' ');
}
