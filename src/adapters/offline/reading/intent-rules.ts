import type { Intent } from './reading.js';
import type { ReadingRules } from './reading-rules.js';

/**
 * Keyword rules over a normalized message (see normalize-utterance.ts), with the keywords of a
 * language pack (reading.json `intents`). The order of the checks is the policy: an emergency or a request for a person beats everything; cancelling and moving beat
 * booking, because "cancel my appointment" also says "appointment"; a bare "yes" is only a yes
 * when nothing else is asked alongside it.
 */

/** The message without a leading "hi there," or "haha": what is left is what the patient asks. */
export function withoutGreeting(normalized: string, rules: ReadingRules): string {
  return normalized
    .replace(rules.intents.greeting, '')
    .replace(rules.intents.filler, '')
    .replace(/^[\s,.!]+/, '')
    .trim();
}

/** "book it" confirms what is on the table, but "book it for Friday" asks for something new. */
function isAffirmation(text: string, mentionsTime: boolean, rules: ReadingRules): boolean {
  const { yes, yesFiller, negative, bookVerb, availability, visit, wish } = rules.intents;
  const head = new RegExp(`^(${yes.source})`).exec(text);
  if (!head || (mentionsTime && bookVerb.test(head[0]))) return false;
  const rest = text.replace(yes, ' ').replace(yesFiller, ' ');
  return (
    !negative.test(rest) && !bookVerb.test(rest) && !availability.test(rest) && !visit.test(rest) && !wish.test(rest)
  );
}

/** The hand-off reason of an emergency: staff are alerted at once, and the patient told to call 911. */
export const URGENT_REASON = 'urgent medical concern';

/** Why staff should take over, or undefined when the tools can serve the patient. */
function handOffReason(text: string, asksForAVisit: boolean, rules: ReadingRules): string | undefined {
  const { emergency, complaint, person, billing, medical, generalQuestion } = rules.intents;
  if (emergency.test(text)) return URGENT_REASON;
  if (complaint.test(text)) return 'complaint';
  if (person.test(text)) return 'patient asked for a person';
  if (billing.test(text)) return 'billing or insurance question';
  if (asksForAVisit) return undefined;
  if (medical.test(text)) return 'medical question';
  if (generalQuestion.test(text)) return 'question about the clinic';
  return undefined;
}

/** `mentionsTime`: the message names a day or time, which makes "I have a cough, Tuesday?" a booking. */
export function classifyIntent(
  normalized: string,
  mentionsTime: boolean,
  rules: ReadingRules,
): { intent: Intent; handOffReason?: string } {
  const i = rules.intents;
  const text = withoutGreeting(normalized, rules);
  if (text === '') return { intent: i.greeting.test(normalized) ? 'greeting' : 'unknown' };

  // "cancel that" drops what was just proposed; it never cancels an appointment, which is safer either way.
  if (i.dropThat.test(text)) return { intent: 'no' };
  const cancels = i.cancel.test(text);
  const moves = i.reschedule.test(text) || (i.instead.test(text) && i.myAppointment.test(text));
  const asksForAVisit =
    cancels || moves || i.bookVerb.test(text) || i.availability.test(text) || i.visit.test(text) || mentionsTime;
  const asksAFact = !cancels && !moves && !i.bookVerb.test(text) && !i.emergency.test(text);
  // "Are you open Saturday?" asks for that day's times; "when are you open?" for the week's hours.
  if (asksAFact && !mentionsTime && i.hoursQuestion.test(text)) return { intent: 'hours' };
  if (asksAFact && i.locationQuestion.test(text)) return { intent: 'location' };
  const reason = handOffReason(text, asksForAVisit && !i.emergency.test(text), rules);
  if (reason) return { intent: 'human', handOffReason: reason };

  if (cancels)
    return { intent: moves || i.instead.test(text) || i.cancelThenBook.test(text) ? 'reschedule' : 'cancel' };
  if (moves) return { intent: 'reschedule' };
  if (i.mine.test(text)) return { intent: 'my_appointments' };
  if (i.acknowledgement.test(text)) return { intent: 'thanks' };
  if (i.no.test(text)) return { intent: 'no' };
  if (isAffirmation(text, mentionsTime, rules)) return { intent: 'yes' };
  if (i.soonest.test(text)) return { intent: 'availability' };
  if (i.bookVerb.test(text)) return { intent: 'book' };
  if (i.availability.test(text)) return { intent: 'availability' };
  if (i.visit.test(text) || i.wish.test(text)) return { intent: 'book' };
  if (i.thanks.test(text)) return { intent: 'thanks' };
  if (i.help.test(text)) return { intent: 'help' };
  return { intent: 'unknown' };
}

/** "Dr Patel", "doctor lee": the surname, for matching a provider's name in the tool results. */
export function providerIn(normalized: string, rules: ReadingRules): string | undefined {
  const match = rules.provider.pattern.exec(normalized);
  return match && !rules.provider.notAName.test(match[1]!) ? match[1] : undefined;
}
