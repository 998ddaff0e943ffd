/**
 * How patients give their name in one language, and the receptionist's words about it, from the
 * language's optional `names.json`: a language without one is spoken all the same, its patients'
 * names neither asked nor read.
 */
export interface NameRules {
  /** "my name is", "call me", "me llamo": what leads a name anywhere in a message. */
  statement: RegExp;
  /** What may come before a name given in answer to the question: "yes,", "sure, it's". */
  answerLead: RegExp;
  /** A word that ends a name: "and", "please", "para". */
  notAName: RegExp;
  /** A patient who would rather not give one. */
  decline: RegExp;
  /** The word that confirms a held time, for a message that gave a name and nothing else. */
  yes: string;
  /** Said after the hold, once: the question, as read in a text and as heard on a call. */
  askName: string;
  askNameSpoken: string;
  /** Said before the booking to a named patient: `{name}`. */
  thanks: string;
  /** Said when a patient says what to call them and nothing else: `{name}`. */
  noted: string;
}

export class NameRulesError extends Error {}

/** The rules from a names.json's parsed contents; throws naming the file and field that is wrong. */
export function nameRulesOf(file: string, json: unknown): NameRules {
  const object = (value: unknown, path: string): Record<string, unknown> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new NameRulesError(`${file}: ${path} must be an object`);
    return value as Record<string, unknown>;
  };
  const root = object(json, 'the file');
  const replies = object(root.replies, 'replies');
  const text = (fields: Record<string, unknown>, key: string, path = '') => {
    const value = fields[key];
    if (typeof value !== 'string' || value === '') throw new NameRulesError(`${file}: ${path}${key} must be a string`);
    return value;
  };
  const pattern = (key: string) => {
    try {
      return new RegExp(text(root, key), 'iu');
    } catch (error) {
      throw new NameRulesError(`${file}: ${key} must be a valid regular expression (${(error as Error).message})`);
    }
  };
  return {
    statement: pattern('statement'),
    answerLead: pattern('answerLead'),
    notAName: pattern('notAName'),
    decline: pattern('decline'),
    yes: text(root, 'yes'),
    askName: text(replies, 'askName', 'replies.'),
    askNameSpoken: text(replies, 'askNameSpoken', 'replies.'),
    thanks: text(replies, 'thanks', 'replies.'),
    noted: text(replies, 'noted', 'replies.'),
  };
}
