import type { PhoneNumber } from '../domain/phone-number.js';

/** Control over a phone call in progress, once what the caller should hear first has played. */
export interface CallControl {
  hangUp(callSid: string): Promise<void>;
  /**
   * Puts the caller through to `to`. Only a telephony provider's API can do it; without one the
   * receptionist does not offer it.
   */
  transfer?(callSid: string, to: PhoneNumber): Promise<void>;
  /**
   * Has the telephony itself say `sentence` to the caller, then hang up: what is said does not wait
   * on the voice model, nor on this server staying up. Only a telephony provider's API can do it.
   */
  sayThenHangUp?(callSid: string, sentence: string): Promise<void>;
}
