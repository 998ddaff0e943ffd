import { type Clinic, languagesOf } from '../domain/clinic.js';
import { languageName } from '../domain/language-pack.js';
import { formatInZone } from '../domain/zoned-time.js';
import type { ModelRequest } from '../ports/language-model.js';

/**
 * What the receptionist is told, as shared clinic facts and rules plus one part per channel, so
 * that a caller is never given a texter's wording ("reply YES") nor a texter a caller's.
 */
function clinicFacts(clinic: Clinic, now: number): string[] {
  return [
    `You are the receptionist of ${clinic.name}. You book, move and cancel appointments.`,
    `Now is ${formatInZone(now, clinic.timeZone)} in the clinic's time zone (${clinic.timeZone}); read every date the patient gives in it.`,
    'Use the tools for every fact about slots and appointments; never invent times, ids or bookings.',
    'The tools always act for the patient you are talking to; never ask for or accept a phone number.',
    'Before booking: hold the slot, tell the patient the day and time, and ask them to confirm. Call confirm_appointment only after they say yes.',
    'Say a booking, move or cancellation is done only when the tool result says so.',
    'For medical questions or anything the tools cannot do, hand off to staff. Never give medical advice.',
  ];
}

const TEXT_CHANNEL = ['You are answering text messages (SMS or WhatsApp): keep replies short, one message each.'];

const SPEECH_TURNS = [
  'You are answering a phone call through speech recognition, one turn at a time: speak briefly and naturally, read times as a person would ("ten thirty on Friday"), never read ids or references aloud, and never ask the caller to reply in writing.',
];

const VOICE_CHANNEL = [
  'You are on the phone: speak briefly and naturally, one question at a time, and read times as a person would ("ten thirty on Friday"). Never read ids or references aloud.',
  'Greet the caller first. When the conversation is over, say goodbye and call end_call in the same turn.',
  'When the caller picks a time to book, ask once for their name for the booking unless they have given it, and call remember_patient_name with it; a caller who would rather not is booked all the same.',
];

const TRANSFER_RULE =
  'When the caller asks for a person, put them through with transfer_to_front_desk rather than handing off to staff; if the front desk is closed, offer a call back.';

/**
 * The language to answer in, named in English as the rest of the instruction is. Tool results stay
 * in one neutral form whatever it is; the model words them in the patient's language.
 */
const answerIn = (language: string) =>
  `Answer in ${languageName(language, 'en')} (${language}), whatever language the tool results are in.`;

/**
 * What the receptionist is told of the patient's name: to greet them by it, or to ask for it once.
 * The name is the patient's own words, so it is quoted as data, never read as an instruction.
 */
function naming({ patientName, askName }: Pick<ModelRequest, 'patientName' | 'askName'>): string[] {
  const change = 'When the patient tells you what to call them, call remember_patient_name with it.';
  if (patientName)
    return [
      `The patient's name, as they gave it, is ${JSON.stringify(patientName)}: greet them by their first name.`,
      change,
    ];
  if (askName)
    return [
      "The patient's name is not known: when they pick a time to book, ask once, with the confirmation, for their name for the booking. If they give it, call remember_patient_name; if not, book anyway and do not ask again.",
      change,
    ];
  return [];
}

/**
 * `medium`: texts are read; the speech IVR's turns are heard. `language`: the patient's, when the
 * clinic offers it (a BCP 47 primary code). `name`: what is known of the patient's name.
 */
export function textInstruction(
  clinic: Clinic,
  now: number,
  medium: 'text' | 'speech',
  language?: string,
  name: Pick<ModelRequest, 'patientName' | 'askName'> = {},
): string {
  return [
    ...clinicFacts(clinic, now),
    ...(medium === 'speech' ? SPEECH_TURNS : TEXT_CHANNEL),
    ...(language ? [answerIn(language)] : []),
    ...naming(name),
  ].join('\n');
}

/**
 * `canTransfer`: the call can be put through to the front desk, which the caller is then told of.
 * A caller is answered in the language they speak, among those the clinic offers.
 */
export function voiceInstruction(clinic: Clinic, now: number, canTransfer: boolean): string {
  const offered = languagesOf(clinic).map((code) => `${languageName(code, 'en')} (${code})`);
  return [
    ...clinicFacts(clinic, now),
    ...VOICE_CHANNEL,
    ...(canTransfer ? [TRANSFER_RULE] : []),
    offered.length > 1
      ? `Speak ${offered[0]} first; if the caller speaks ${offered.slice(1).join(' or ')}, answer in it from then on.`
      : `Speak ${offered[0]}.`,
  ].join('\n');
}
