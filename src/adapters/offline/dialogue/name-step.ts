import { TOOL_NAMES } from '../../../application/tool-catalog.js';
import type { ConversationTurn, ToolCall } from '../../../domain/conversation.js';
import { fill } from '../../../domain/language-pack.js';
import { firstNameOf, patientNameOf } from '../../../domain/patient-name.js';
import type { ModelRequest } from '../../../ports/language-model.js';
import type { NameRules } from '../name-rules.js';
import { hasMoment } from '../reading/reading.js';
import { parseUtterance } from '../reading/utterance-parser.js';
import type { ReceptionistLanguage } from '../receptionist-language.js';
import { answeringLanguage } from './dialogue-policy.js';
import { exchangesOf } from './exchanges.js';
import type { Move } from './move.js';

/**
 * The patient's name, around the dialogue policy rather than inside it. A name given, anywhere ("my
 * name is Ana Ruiz", "me llamo Ana", "call me Ana") or in answer to the question ("yes, Ana"), is
 * remembered first (remember_patient_name); the policy then reads the message without it, so "call
 * me Ana" is no request for a call and "yes, Ana" is a yes. The question is asked once, with the hold
 * of a new booking, only when the clinic knows no name; a named patient is thanked by it on booking.
 */

type Naming = Pick<ModelRequest, 'patientName' | 'askName' | 'language' | 'now' | 'timeZone' | 'clinic' | 'medium'>;

/** A name found in a message (none when the patient would rather not give it), and the message without it. */
interface Given {
  name?: string;
  rest: string;
}

const REMEMBER = TOOL_NAMES.rememberPatientName;
const MAX_NAME_WORDS = 4;

export function nextMoveWithNames(
  turns: readonly ConversationTurn[],
  request: Naming,
  packs: readonly ReceptionistLanguage[],
  policy: (turns: readonly ConversationTurn[]) => Move,
): Move {
  const answering = answeringLanguage(exchangesOf(turns), packs, request.language);
  const readers = [answering, ...packs.filter((pack) => pack !== answering)].filter((pack) => pack.names);
  // A clinic that keeps no names (or a model asked without them) reads and asks none.
  if (readers.length === 0 || (!request.askName && !request.patientName)) return policy(turns);
  const asks = readers.flatMap(({ names }) => [names!.askName.trim(), names!.askNameSpoken.trim()]);
  const askedIn = (text: string | undefined) => text !== undefined && asks.some((ask) => text.includes(ask));

  const read = (text: string, answersAsk: boolean) => givenIn(text, answersAsk, readers, request);
  const { cleaned, latest } = withoutNames(turns, read, askedIn);
  if (latest?.given?.name && !latest.remembered) return { call: { name: REMEMBER, args: { name: latest.given.name } } };

  const move = policy(cleaned);
  if (!('reply' in move) || !answering.names) return move;
  const words = answering.names;
  const name = latest?.given?.name ?? request.patientName;
  const { reply } = move;
  if (reply.kind === 'booked' && name)
    return { reply: { ...reply, text: fill(words.thanks, firstOf(name)) + reply.text } };
  if (
    reply.kind === 'holding' &&
    request.askName &&
    !name &&
    !turns.some((turn) => turn.role === 'receptionist' && askedIn(turn.text))
  )
    return {
      reply: { ...reply, text: reply.text + (request.medium === 'speech' ? words.askNameSpoken : words.askName) },
    };
  if (latest?.given?.name && (reply.kind === 'not-understood' || reply.kind === 'menu'))
    return { reply: { kind: 'name-noted', text: fill(words.noted, firstOf(latest.given.name)) } };
  return move;
}

const firstOf = (name: string) => ({ name: firstNameOf(name) });

/**
 * The turns as the policy should read them: names taken out of the patient's words, and the calls
 * that remembered them gone. Also what the latest message gave, and whether it was remembered yet.
 */
function withoutNames(
  turns: readonly ConversationTurn[],
  read: (text: string, answersAsk: boolean) => Given | undefined,
  askedIn: (text: string | undefined) => boolean,
) {
  const cleaned: ConversationTurn[] = [];
  let latest: { given?: Given; remembered: boolean } | undefined;
  let lastSaid: string | undefined;
  let pending: ToolCall[] = [];
  for (const turn of turns) {
    if (turn.role === 'patient') {
      const found = read(turn.text, askedIn(lastSaid));
      latest = { ...(found ? { given: found } : {}), remembered: false };
      cleaned.push(found ? { ...turn, text: found.rest } : turn);
    } else if (turn.role === 'receptionist') {
      if (turn.text) lastSaid = turn.text;
      pending = turn.toolCalls ?? [];
      const toolCalls = pending.filter((call) => call.name !== REMEMBER);
      if (toolCalls.length < pending.length && latest) latest.remembered = true;
      const { toolCalls: _all, ...said } = turn;
      if (turn.text || toolCalls.length > 0) cleaned.push(toolCalls.length > 0 ? { ...said, toolCalls } : said);
    } else {
      const results = turn.results.filter((result, index) => (pending[index]?.name ?? result.name) !== REMEMBER);
      if (results.length > 0) cleaned.push({ ...turn, results });
    }
  }
  return { cleaned, latest };
}

/** A name in the message, in any language with name rules; a decline when it answers the question without one. */
function givenIn(
  text: string,
  answersAsk: boolean,
  readers: readonly ReceptionistLanguage[],
  request: Naming,
): Given | undefined {
  // Words any language reads as something ("yes please", "tomorrow", "mañana") are not a name.
  const plain = (words: string) =>
    readers.every((pack) => {
      const reading = parseUtterance(words, request.now, request.timeZone, pack.reading, request.clinic.locale);
      return reading.intent === 'unknown' && !hasMoment(reading) && !reading.ordinal && !reading.provider;
    });
  for (const pack of readers) {
    const stated = statedIn(text, pack.names!, plain);
    if (stated) return stated;
  }
  if (!answersAsk) return undefined;
  for (const pack of readers) {
    const rules = pack.names!;
    const answered = answeredIn(text, rules, plain);
    if (answered) return answered;
    // "I'd rather not": a yes to the time, without a name.
    if (rules.decline.test(text)) return { rest: rules.yes };
  }
  return undefined;
}

/** "… my name is Ana Ruiz, and …": the name, and the rest of the message around it. */
function statedIn(text: string, rules: NameRules, plain: (words: string) => boolean): Given | undefined {
  const lead = rules.statement.exec(text);
  if (!lead) return undefined;
  const words = wordsFrom(text, lead.index + lead[0].length, rules);
  if (!words || !plain(words.name)) return undefined;
  return { name: words.name, rest: `${text.slice(0, lead.index)} ${text.slice(words.end)}`.trim() };
}

/** A reply to the question that is a name, with a yes or not: "yes, Ana", "Ana Ruiz", "sure, it's Ana". */
function answeredIn(text: string, rules: NameRules, plain: (words: string) => boolean): Given | undefined {
  const lead = rules.answerLead.exec(text)?.[0] ?? '';
  const words = wordsFrom(text, lead.length, rules);
  if (!words || !/^[\s.!]*$/u.test(text.slice(words.end)) || !plain(words.name)) return undefined;
  return { name: words.name, rest: lead.trim() || rules.yes };
}

/** Up to four words of letters from `start`, one space apart, stopping at a word that is no name. */
function wordsFrom(text: string, start: number, rules: NameRules): { name: string; end: number } | undefined {
  const word = /\p{L}[\p{L}\p{M}'’.-]*/uy;
  const gap = /[ \t]+/y;
  const found: string[] = [];
  let at = start;
  let end = start;
  while (found.length < MAX_NAME_WORDS) {
    word.lastIndex = at;
    const match = word.exec(text);
    if (!match || rules.notAName.test(match[0])) break;
    found.push(match[0].replace(/[.]+$/, ''));
    end = at + match[0].length;
    gap.lastIndex = end;
    const space = gap.exec(text);
    if (!space) break;
    at = end + space[0].length;
  }
  const name = patientNameOf(found.join(' '));
  return name ? { name, end } : undefined;
}
