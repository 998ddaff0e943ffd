import type { ChoiceWords } from './ordinal-choice.js';
import type { Intent } from './reading.js';

/**
 * Keyword rules over a normalized message (see normalize-utterance.ts). The order of the checks is
 * the policy: an emergency or a request for a person beats everything; cancelling and moving beat
 * booking, because "cancel my appointment" also says "appointment"; a bare "yes" is only a yes
 * when nothing else is asked alongside it.
 */

const GREETING =
  /^(hi|hello|hey|heya|hiya|howdy|yo|greetings|hola|good (morning|afternoon|evening|day))( there| team| all| folks)?\b[\s,.!]*/;
/** Sounds that open a message without meaning anything: "haha ok", "hmm friday then". */
const FILLER = /^((haha+|hah|lol|hmm+|um+|uh+|oh|ah+|well|so)\b[\s,.!]*)+/;

const EMERGENCY =
  /\b(emergency|chest pains?|can'?t breathe|cannot breathe|trouble breathing|bleeding (a lot|heavily|badly)|unconscious|overdose|suicid\w*|stroke|heart attack|severe)\b/;
const PERSON =
  /\b(human|real person|a person|actual person|live person|somebody real|someone real|receptionist|operator|front desk|manager|(speak|talk) (to|with) (someone|somebody|a|an|the|your|dr|doctor)|call me( back)?|phone me|ring me|give me a call)\b/;
const BILLING =
  /\b(bill|bills|billing|invoice|payment|pay|copay|co-pay|insurance|insured|insurer|medicaid|medicare|coverage|covered|charged?|refund|cost|costs|price|how much)\b/;
const COMPLAINT = /\b(complain\w*|complaint|rude|unhappy|terrible|awful|disappointed|unacceptable)\b/;
const GENERAL_QUESTION =
  /\b(address|located|location|directions|parking|park|fax|records|referral|forms?|wheelchair)\b/;
/** Questions the clinic's own facts answer: its weekly hours, where it is. */
const HOURS_QUESTION =
  /\b(opening hours|office hours|business hours|your hours|(what|which) (time|hours|days) (are|do) you (open|close)|what time do you (open|close)|when (do|are) you (open|close)|are you open)\b/;
const LOCATION_QUESTION =
  /\b(where (are|is) (you|the clinic|your (clinic|office|practice))|your address|what is the address|what's the address|address|located|location|directions|how do i (get|find))\b/;
const MEDICAL =
  /\b(fever|pain|hurts?|hurting|sick|symptoms?|rash|cough\w*|bleed\w*|prescriptions?|refill|medications?|meds|medicine|pills?|dose|dosage|side effects?|results?|blood ?(work|test)|lab work|diagnos\w*|infect\w*|pregnan\w*|allerg\w*|injur\w*|vomit\w*|dizz\w*|headache|migraine|swollen|swelling|antibiotics?|should i (take|go|be worried|worry)|is it (normal|safe|serious|contagious)|what should i do)\b/;

const CANCEL =
  /\b(cancel\w*|call (it )?off|(won'?t|can'?t|cannot|unable to|not able to) (be able to )?(make|come|attend|go)( it)?|remove my|delete my|drop my)\b/;
const RESCHEDULE =
  /\b(re-?schedul\w*|re-?book\w*|move|moving|change|changing|switch|shift|push(ed|ing)?|bring\b.{0,40}\bforward|postpone|different (day|time|date)|another (day|time|date)|instead of|rather than)\b/;
const MY_APPOINTMENT = /\bmy (\w+ )?(\w+'s )?(appointment|booking|visit|slot)\b/;
const INSTEAD = /\binstead\b/;
const MINE =
  /\b((when|what time|what day|which day)('s| is| was| are)? (is |are )?my|when (am|do) i (seeing|see|coming|come|booked|due|scheduled|have)|what time (do|should|am) i|my (upcoming|next|current|existing) (appointment|booking|visit)s?|(do|did) i (still )?have (an? |any )?(appointment|booking|visit)s?|am i (booked|scheduled|still booked)|(check|see|show|list|view|remind me of|tell me) (me )?my|my (appointments|bookings)|what (appointments|bookings) do i have|remind me)\b/;

const BOOK_VERB =
  /\b(book\w*|schedule|make an? (appointment|booking)|reserve|sign me up|put me (down|in)|slot me in|fit me in|squeeze me in|get me in)\b/;
const AVAILABILITY =
  /\b(availab\w*|free|open|openings?|slots?|spots?|space|anything|what times?|which times?|when can i|earliest|soonest|next available|first available|asap|as soon as possible|do you have|have you got|got anything|any time)\b/;
const VISIT =
  /\b(appointment|see (a|the|dr|doctor|someone|somebody)|come in|get in|pop in|visit|check-?up|physical|(can|could) i come)\b/;
/** Wishes that ask for a visit only when nothing else is asked: "I need a refill" is not a booking. */
const WISH = /\b((can|could) i (get|have)|i'?d like|i would like|i want|i need|looking for)\b/;

const NEGATIVE = /\b(no|not|don'?t|do not|instead|but|rather|other|different|else|never)\b/;
const YES_PHRASE =
  /\b(yes+|yeah|yea|yeh|ya|yah|yep|yup|y|sure|ok|alright|all right|confirm\w*|correct|perfect|great|absolutely|definitely|of course|sounds good|sounds great|that works|works( for me)?|fine|go ahead|go for it|please do|do it|book it|book that( one)?|lock it in|that's (fine|good|great|perfect)|good|awesome|cool|lovely|excellent)\b/g;
const YES_HEAD = new RegExp(`^(${YES_PHRASE.source})`);
const ACKNOWLEDGEMENT =
  /^((ok|great|perfect|cool|awesome|lovely|good|excellent|alright|all right)[ ,]+)+(thanks|thank you)\b/;
/** "the soonest you can fit me in" asks for a search, not for a day to be named. */
const SOONEST =
  /\b(soonest|earliest|asap|as soon as possible|first available|next available|first opening|next opening)\b/;
const NO =
  /^(no+|nope|nah|na|n|not really|never ?mind|nvm|neither|none|don'?t|do not|not that|wrong|negative|forget it)\b|\b(doesn'?t|does not|won'?t|wouldn'?t|can'?t do) (work|that)\b|\bnone of (those|them|these)\b/;
const THANKS = /\b(thanks|thank you|thank u|cheers|appreciate it|much appreciated)\b/;
const HELP = /\b(help|menu|options|what can you do|what do you do|how does this work|how do i|info|information)\b|^\?$/;

/** The message without a leading "hi there," or "haha": what is left is what the patient asks. */
export function withoutGreeting(normalized: string): string {
  return normalized
    .replace(GREETING, '')
    .replace(FILLER, '')
    .replace(/^[\s,.!]+/, '')
    .trim();
}

/** "cancel that" drops what was just proposed; it never cancels an appointment, which is safer either way. */
const DROP_THAT = /^(cancel|scrap|drop|forget) (that|this)( one)?( please)?$/;

/** "book it" confirms what is on the table, but "book it for Friday" asks for something new. */
function isAffirmation(text: string, mentionsTime: boolean): boolean {
  const head = YES_HEAD.exec(text);
  if (!head || (mentionsTime && BOOK_VERB.test(head[0]))) return false;
  const rest = text
    .replace(YES_PHRASE, ' ')
    .replace(/\b(please|thanks|thank you|the|one|that|it|is|for|me|then|ok)\b/g, ' ');
  return (
    !NEGATIVE.test(rest) && !BOOK_VERB.test(rest) && !AVAILABILITY.test(rest) && !VISIT.test(rest) && !WISH.test(rest)
  );
}

/** The hand-off reason of an emergency: staff are alerted at once, and the patient told to call 911. */
export const URGENT_REASON = 'urgent medical concern';

/** Why staff should take over, or undefined when the tools can serve the patient. */
function handOffReason(text: string, asksForAVisit: boolean): string | undefined {
  if (EMERGENCY.test(text)) return URGENT_REASON;
  if (COMPLAINT.test(text)) return 'complaint';
  if (PERSON.test(text)) return 'patient asked for a person';
  if (BILLING.test(text)) return 'billing or insurance question';
  if (asksForAVisit) return undefined;
  if (MEDICAL.test(text)) return 'medical question';
  if (GENERAL_QUESTION.test(text)) return 'question about the clinic';
  return undefined;
}

/** `mentionsTime`: the message names a day or time, which makes "I have a cough, Tuesday?" a booking. */
export function classifyIntent(normalized: string, mentionsTime: boolean): { intent: Intent; handOffReason?: string } {
  const text = withoutGreeting(normalized);
  if (text === '') return { intent: GREETING.test(normalized) ? 'greeting' : 'unknown' };

  if (DROP_THAT.test(text)) return { intent: 'no' };
  const cancels = CANCEL.test(text);
  const moves = RESCHEDULE.test(text) || (INSTEAD.test(text) && MY_APPOINTMENT.test(text));
  const asksForAVisit =
    cancels || moves || BOOK_VERB.test(text) || AVAILABILITY.test(text) || VISIT.test(text) || mentionsTime;
  const asksAFact = !cancels && !moves && !BOOK_VERB.test(text) && !EMERGENCY.test(text);
  // "Are you open Saturday?" asks for that day's times; "when are you open?" for the week's hours.
  if (asksAFact && !mentionsTime && HOURS_QUESTION.test(text)) return { intent: 'hours' };
  if (asksAFact && LOCATION_QUESTION.test(text)) return { intent: 'location' };
  const reason = handOffReason(text, asksForAVisit && !EMERGENCY.test(text));
  if (reason) return { intent: 'human', handOffReason: reason };

  if (cancels)
    return {
      intent: moves || INSTEAD.test(text) || /\b(and|then) (book|do|make)\b/.test(text) ? 'reschedule' : 'cancel',
    };
  if (moves) return { intent: 'reschedule' };
  if (MINE.test(text)) return { intent: 'my_appointments' };
  if (ACKNOWLEDGEMENT.test(text)) return { intent: 'thanks' };
  if (NO.test(text)) return { intent: 'no' };
  if (isAffirmation(text, mentionsTime)) return { intent: 'yes' };
  if (SOONEST.test(text)) return { intent: 'availability' };
  if (BOOK_VERB.test(text)) return { intent: 'book' };
  if (AVAILABILITY.test(text)) return { intent: 'availability' };
  if (VISIT.test(text) || WISH.test(text)) return { intent: 'book' };
  if (THANKS.test(text)) return { intent: 'thanks' };
  if (HELP.test(text)) return { intent: 'help' };
  return { intent: 'unknown' };
}

/** The English words of a choice by place: see ordinal-choice.ts. */
export const CHOICE_WORDS: ChoiceWords = {
  alone: { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, last: -1, earliest: 1, latest: -1 },
  withNoun: { '1st': 1, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5, '6th': 6, earlier: 1, later: -1 },
  nouns: ['one', 'option', 'slot', 'time', 'choice'],
  numberLeads: ['number', 'option', 'choice', 'no'],
  notBefore: ['thing', 'of', 'week', 'available', 'possible', 'appointment', 'slot available'],
  articles: ['the'],
};

const NOT_A_NAME =
  /^(a|an|the|on|at|in|for|to|my|me|tomorrow|today|tonight|next|this|asap|please|appointment|visit|soon|monday|tuesday|wednesday|thursday|friday|saturday|sunday|about|and|or|who|that|is|who's)$/;

/** "Dr Patel", "doctor lee": the surname, for matching a provider's name in the tool results. */
export function providerIn(normalized: string): string | undefined {
  const match = /\b(?:dr|doctor)\s+([a-z][a-z'-]+)/.exec(normalized);
  return match && !NOT_A_NAME.test(match[1]!) ? match[1] : undefined;
}
