/** What tells a language in a patient's message: its frequent words (a language pack's `commonWords`). */
export interface LanguageMarkers {
  /** BCP-47 primary language code. */
  code: string;
  commonWords: readonly string[];
}

/** Lower-case words without accents, so "Sí" and "si" count alike. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^a-z0-9']+/)
    .filter(Boolean);

/**
 * The language a message is most likely written in: the one with the most of its frequent words
 * in it. A message that tells nothing ("10:30", "ok", "no") or ties is taken to be in `preferred`,
 * the language the conversation is already in, so a short answer does not switch it; pass `''`
 * to learn that it told nothing.
 */
export function detectLanguage(text: string, languages: readonly LanguageMarkers[], preferred = 'en'): string {
  const words = wordsOf(text);
  let best: string[] = [];
  let bestHits = 0;
  for (const { code, commonWords } of languages) {
    const hits = words.filter((word) => commonWords.includes(word)).length;
    if (hits > bestHits) [best, bestHits] = [[code], hits];
    else if (hits === bestHits && hits > 0) best.push(code);
  }
  if (best.length === 0 || best.includes(preferred)) return preferred;
  return best[0]!;
}
