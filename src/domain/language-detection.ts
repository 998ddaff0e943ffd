/** What tells a language in a text: its common words (config/languages/<code>/markers.json). */
export interface LanguageMarkers {
  code: string;
  markers: readonly string[];
}

/** Lower case, accents off, so "Mañana" and "manana" are one word whoever typed them. */
const wordsOf = (text: string): string[] =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);

/**
 * The language a text is written in, by the packs' marker words it uses. A text is read as a
 * language when that language's markers outnumber every other's; with a language already remembered
 * for the patient, it takes two markers to change it, so "ok" or "10:30" or a name keeps it. Undefined
 * when the text says nothing either way.
 */
export function detectLanguage(
  text: string,
  packs: Iterable<LanguageMarkers>,
  remembered?: string,
): string | undefined {
  const words = wordsOf(text);
  const scores = [...packs]
    .map(({ code, markers }) => {
      const known = new Set(markers.flatMap(wordsOf));
      return { code, score: words.filter((word) => known.has(word)).length };
    })
    .sort((a, b) => b.score - a.score);
  const [best, next] = scores;
  if (!best || best.score === 0 || (next && next.score === best.score)) return remembered;
  if (remembered !== undefined && best.code !== remembered && best.score < 2) return remembered;
  return best.code;
}
