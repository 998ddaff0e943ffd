/**
 * Whether a caller's words end the call: a goodbye, or "that's all", with nothing asked beside it.
 * The phrases are data, one list a language (messages.json `voice`), so the rule is the same in every
 * language a clinic speaks.
 */
export interface FarewellPhrases {
  /** Any of these says the caller is done. */
  farewells: readonly string[];
  /** Politeness that may come with a farewell without asking anything: "no", "thanks". */
  courtesies: readonly string[];
}

const words = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;

/** The words with every whole-word `phrase` taken out ("bye bye" twice over included). */
function without(text: string, phrase: string): string {
  let rest = text;
  while (rest.includes(` ${phrase} `)) rest = rest.replace(` ${phrase} `, ' ');
  return rest;
}

const longestFirst = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length);

export function endsTheCall(heard: string, phrases: FarewellPhrases): boolean {
  const said = words(heard);
  let rest = said;
  for (const phrase of longestFirst(phrases.farewells)) rest = without(rest, phrase);
  if (rest === said) return false;
  for (const phrase of longestFirst(phrases.courtesies)) rest = without(rest, phrase);
  return rest.trim() === '';
}
