import type { PhoneNumber } from '../../src/domain/phone-number.js';

// The patients of the tests. A patient is a phone number within a clinic, so each name here is
// one person, with one number, in every test that meets them.

/** The patient most tests follow: she books, moves and cancels, by text, by phone and over REST. */
export const ALICE = '+15550000001' as PhoneNumber;
/** A second patient, whose appointments, holds and messages must never mix with Alice's. */
export const BOB = '+15550000002' as PhoneNumber;
/** A third patient, where a rule needs more than two to show (patients racing for slots). */
export const CAROL = '+15550000003' as PhoneNumber;
/** The patient on the line in the tests of calls. */
export const CALLER = '+15550001234' as PhoneNumber;
/** Alice's number with one digit more: a store that matched numbers by prefix would take it for hers. */
export const ALICE_PLUS_ONE_DIGIT = `${ALICE}1` as PhoneNumber;

/** `count` patients, each with a number of their own and none of them a patient named above. */
export const aCrowdOf = (count: number): PhoneNumber[] =>
  Array.from({ length: count }, (_, i) => `+1555100${String(i).padStart(4, '0')}` as PhoneNumber);
