import { type DomainError, domainError } from './domain-error.js';
import { fail, ok, type Result } from './result.js';

/** A patient's number in E.164 form (`+15551234567`): the patient's identity on every channel. */
export type PhoneNumber = string & { readonly __brand: 'PhoneNumber' };

const E164 = /^\+[1-9]\d{7,14}$/;
const SEPARATORS = /[\s().-]/g;

export const PHONE_NUMBER_EXPECTED = 'an E.164 phone number such as +15551234567';

/** Already E.164 to the letter, as a stored or configured number must be: nothing is cleaned up. */
export const isPhoneNumber = (text: string): text is PhoneNumber => E164.test(text);

/** Accepts what channels send (`whatsapp:+1…`, spaces, dashes, a leading 00) and keeps only E.164. */
export function parsePhoneNumber(raw: string): Result<PhoneNumber, DomainError> {
  let candidate = raw
    .trim()
    .replace(/^whatsapp:/i, '')
    .replace(SEPARATORS, '');
  if (candidate.startsWith('00')) candidate = `+${candidate.slice(2)}`;
  if (!E164.test(candidate)) {
    return fail(domainError('INVALID_PHONE_NUMBER', `phoneNumber: expected ${PHONE_NUMBER_EXPECTED}`));
  }
  return ok(candidate as PhoneNumber);
}

/** `+15551234567` -> `+1******4567`: enough to tell patients apart in logs, not enough to call them. */
export function maskPhoneNumber(phone: string): string {
  if (phone.length < 7) return '***';
  const head = phone.startsWith('+') ? 2 : 1;
  return phone.slice(0, head) + '*'.repeat(phone.length - head - 4) + phone.slice(-4);
}
