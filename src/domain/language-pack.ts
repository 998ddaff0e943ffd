/**
 * A language's words for everything a clinic tells its patients outside the receptionist's replies:
 * texts about their bookings, the carrier keywords and their answers, the phone menu. Each language
 * is one pack (config/languages/<code>/messages.json); `{name}` marks where a value goes.
 */
export interface LanguagePack {
  /** BCP 47 primary code, the pack's folder name: `en`, `es`. */
  code: string;
  /** Common words of the language, lower case: how a patient's text is recognised as written in it. */
  markers: string[];
  /** Whole-message keywords, upper case, as carriers match them. */
  keywords: { optOut: string[]; optIn: string[]; help: string[] };
  replies: {
    /** `{clinic}` */
    optedOut: string;
    optedIn: string;
    help: string;
    /** A STOP or START typed on someone's behalf changes nothing. */
    onBehalf: string;
    /** Over the messages a minute. */
    limited: string;
    /** The model could not answer. */
    unavailable: string;
    /** To a patient writing in a language the clinic does not offer: `{clinic}`, `{language}` (the clinic's, named in this one). */
    notOffered: string;
  };
  notifications: {
    /** `{clinic}`, `{when}`, `{ref}` */
    booked: string;
    /** As `booked`, to a patient whose name is known: `{name}` is their first name. */
    bookedNamed: string;
    moved: string;
    cancelled: string;
    reminder: string;
    /** As `reminder`, with `{name}`. */
    reminderNamed: string;
    /** `{weekday}`, `{day}`, `{month}`, `{time}` */
    when: string;
    /** `{when}`, `{provider}` */
    withProvider: string;
  };
  voice: {
    /** Twilio's `language` for `<Say>` and `<Gather>`, e.g. `es-MX`. */
    language: string;
    /** Twilio's `voice` for `<Say>`, e.g. `Polly.Mia-Neural`. */
    voice: string;
    /** The key that picks this language on the phone menu, and how the menu offers it, in this language. */
    digit: string;
    offer: string;
    /** `{clinic}` */
    greeting: string;
    frontDeskOffer: string;
    missed: string;
    silence: string;
    puttingThrough: string;
    /** A caller's key press, as the receptionist is told of it: `{digit}`. */
    pressed: string;
    /** Said before hanging up on a caller who is done: `{clinic}`. */
    goodbye: string;
    /** What a caller says when done ("goodbye", "that's all"), lower case: see application/farewell.ts. */
    farewells: string[];
    /** Politeness that may come with a farewell without asking anything: "no", "thanks". */
    courtesies: string[];
  };
}

/** The packs a deployment has, by code. */
export type LanguagePacks = ReadonlyMap<string, LanguagePack>;

/**
 * A pack's text with its `{name}` marks filled in. A value that ends a sentence's abbreviation
 * ("9:00 a.m.") before the template's own full stop keeps one stop, not two.
 */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}(\.?)/g, (mark, name: string, stop: string) => {
    const value = values[name];
    if (value === undefined) return mark;
    return value.endsWith('.') ? value : `${value}${stop}`;
  });
}

/** The name of `language` written in `inLanguage`, e.g. "inglés" for `en` in `es`. */
export function languageName(language: string, inLanguage: string): string {
  return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(language) ?? language;
}

/**
 * The locale to write a language in at a clinic: the clinic's own when it speaks that language,
 * else the language in the clinic's region ("es-US" for Spanish at an en-US clinic), so a Spanish
 * text from a US clinic writes times as US Spanish does ("1:00 p.m.").
 */
export function localeOf(language: string, clinicLocale: string): string {
  try {
    const clinic = new Intl.Locale(clinicLocale);
    if (clinic.language === language) return clinicLocale;
    return clinic.region ? `${language}-${clinic.region}` : language;
  } catch {
    return language;
  }
}
