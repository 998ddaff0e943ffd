/**
 * Patients text in shorthand and misspell: this turns a message into plain lower-case English
 * words, so the rules and the date parser see "tomorrow" whether they wrote "tmrw", "2morrow" or
 * "tomorow".
 */

const SHORTHAND: Record<string, string> = {
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmrow: 'tomorrow',
  tmw: 'tomorrow',
  tmro: 'tomorrow',
  tomoz: 'tomorrow',
  '2morrow': 'tomorrow',
  '2morow': 'tomorrow',
  '2moro': 'tomorrow',
  '2mrw': 'tomorrow',
  '2day': 'today',
  tdy: 'today',
  '2nite': 'tonight',
  tonite: 'tonight',
  mon: 'monday',
  tue: 'tuesday',
  tues: 'tuesday',
  wed: 'wednesday',
  weds: 'wednesday',
  thu: 'thursday',
  thur: 'thursday',
  thurs: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
  appt: 'appointment',
  appts: 'appointments',
  apt: 'appointment',
  apts: 'appointments',
  appmt: 'appointment',
  resched: 'reschedule',
  pls: 'please',
  plz: 'please',
  plse: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  thanx: 'thanks',
  tnx: 'thanks',
  ty: 'thank you',
  u: 'you',
  ur: 'your',
  r: 'are',
  im: "i'm",
  cant: "can't",
  dont: "don't",
  wont: "won't",
  doesnt: "doesn't",
  nxt: 'next',
  cn: 'can',
  wk: 'week',
  avail: 'available',
  b4: 'before',
  '@': 'at',
  arvo: 'afternoon',
  aft: 'afternoon',
  morn: 'morning',
  doc: 'doctor',
  k: 'ok',
  kk: 'ok',
  okey: 'ok',
  okay: 'ok',
};

/** Words worth correcting when misspelt: the ones intents and dates hang on. */
const VOCABULARY = [
  'tomorrow',
  'appointment',
  'appointments',
  'reschedule',
  'cancel',
  'move',
  'available',
  'availability',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'morning',
  'afternoon',
  'evening',
  'tonight',
  'schedule',
  'january',
  'february',
  'march',
  'april',
  'august',
  'september',
  'october',
  'november',
  'december',
  'please',
  'thanks',
  'instead',
  'receptionist',
  'someone',
];

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
function corrected(word: string): string {
  if (VOCABULARY.includes(word)) return word;
  if (word.length === 4) return VOCABULARY.find((candidate) => swapped(word, candidate)) ?? word;
  if (word.length < 5) return word;
  const allowed = word.length >= 7 ? 2 : 1;
  let best = word;
  let bestDistance = allowed + 1;
  for (const candidate of VOCABULARY) {
    if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > allowed) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

const HOURS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const MINUTES: Record<string, string> = { fifteen: '15', thirty: '30', 'forty five': '45', 'forty-five': '45' };
const SPOKEN_TIME = new RegExp(
  `\\b(at|around|about|for|by|after|before)\\s+(${HOURS.join('|')})(?:\\s+(fifteen|thirty|forty[ -]five|o'clock))?\\b|\\b(${HOURS.join('|')})(?:\\s+(fifteen|thirty|forty[ -]five))?\\s+(am|pm|o'clock|in the (?:morning|afternoon|evening))\\b`,
  'g',
);

/**
 * Speech recognisers, and some patients, spell times out: "at ten", "ten thirty am". Only a number
 * word in a time's position becomes digits, so "one appointment" stays as it is.
 */
function withSpokenTimesAsDigits(text: string): string {
  const hour = (word: string) => String(HOURS.indexOf(word) + 1);
  const minutes = (word?: string) => (word && word !== "o'clock" ? `:${MINUTES[word.replace('-', ' ')]}` : '');
  return text.replace(
    SPOKEN_TIME,
    (_match, lead?: string, h1?: string, m1?: string, h2?: string, m2?: string, tail?: string) =>
      lead
        ? `${lead} ${hour(h1!)}${minutes(m1)}`
        : `${hour(h2!)}${minutes(m2)} ${tail === "o'clock" ? '' : tail}`.trim(),
  );
}

/** A patient who writes their own number must not have it read as a date, nor passed on. */
function withoutPhoneNumbers(text: string): string {
  return text.replace(/\+?\(?\d[\d\s().-]{6,}\d/g, (match) => (match.replace(/\D/g, '').length >= 10 ? ' ' : match));
}

export function normalizeUtterance(text: string): string {
  let normalized = withSpokenTimesAsDigits(withoutPhoneNumbers(text.toLowerCase()));
  for (const [emoji, word] of EMOJI_WORDS) normalized = normalized.replace(emoji, word);
  normalized = normalized
    .replace(/\p{Extended_Pictographic}|\uFE0F/gu, ' ')
    .replace(/[‘’`]/g, "'")
    .replace(/[“”"]/g, ' ')
    .replace(/\b([ap])\.m\.?/g, '$1m')
    .replace(/\b(dr|mr|mrs|ms)\./g, '$1')
    .replace(/#\s?(\d)\b/g, ' number $1')
    .replace(/\.(?!\d)/g, ' . ')
    .replace(/([,?!;])/g, ' $1 ')
    .replace(/[^a-z0-9@':/\-.,?!; ]/g, ' ');
  return normalized
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => {
      // "tuesday's" keeps its possessive: it marks the appointment a patient already has.
      const [, stem = word, possessive = ''] = /^(.+?)('s)?$/.exec(word) ?? [];
      return (SHORTHAND[stem] ?? corrected(stem)) + possessive;
    })
    .join(' ');
}
