/**
 * "The second one", "2nd", "number 2", "#2", "the last one": a choice among the times or
 * appointments just listed, by place. The rules are the same in every language; the words are data.
 */
export interface ChoiceWords {
  /** Ordinals that choose on their own ("second", "last" is -1), unless a word of `notBefore` follows. */
  alone: Record<string, number>;
  /** Ordinals that choose only with a noun after them ("2nd one"): alone, "the 2nd" is a day of the month. */
  withNoun: Record<string, number>;
  /** What is chosen: "one", "option", "slot". */
  nouns: readonly string[];
  /** Words a choice's number follows: "number 2", "option 2"; "#2" is one in every language. */
  numberLeads: readonly string[];
  /** Words that make an ordinal something else: "first thing", "first week". */
  notBefore: readonly string[];
  /** The article a choice may start with: "the". */
  articles: readonly string[];
}

export interface OrdinalChoice {
  /** 1 is the first listed, -1 the last. */
  ordinal: number;
  /** The words that said it, which name no day nor time. */
  phrase: string;
}

const alternatives = (words: Iterable<string>) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');

/** The choice a normalized message makes, if any. */
export function ordinalChoiceIn(normalized: string, words: ChoiceWords): OrdinalChoice | undefined {
  const article = `(?:(?:${alternatives(words.articles)})\\s+)?`;
  const noun = `(?:\\s+(?:${alternatives(words.nouns)}))`;
  const numbered = new RegExp(`(?:\\b(?:${alternatives(words.numberLeads)})\\s+|#)(\\d)\\b`).exec(normalized);
  if (numbered) return { ordinal: Number(numbered[1]), phrase: numbered[0] };
  // A language may have no ordinal that needs a noun after it (Spanish "la 2a" is never a date).
  const withNoun =
    Object.keys(words.withNoun).length > 0
      ? new RegExp(`\\b${article}(${alternatives(Object.keys(words.withNoun))})${noun}\\b`).exec(normalized)
      : null;
  if (withNoun) return { ordinal: words.withNoun[withNoun[1]!]!, phrase: withNoun[0] };
  const alone = new RegExp(
    `\\b${article}(${alternatives(Object.keys(words.alone))})\\b(?!\\s+(?:${alternatives(words.notBefore)})\\b)${noun}?`,
  ).exec(normalized);
  if (alone) return { ordinal: words.alone[alone[1]!]!, phrase: alone[0] };
  return undefined;
}
