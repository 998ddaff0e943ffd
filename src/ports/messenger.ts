import type { Channel } from '../domain/channel.js';
import type { PhoneNumber } from '../domain/phone-number.js';

export interface OutboundMessage {
  to: PhoneNumber;
  channel: Channel;
  body: string;
  /**
   * The clinic's own number to send from, so the patient sees, and replies to, the number they know
   * it by. Unset, the provider's configured sender sends.
   */
  from?: PhoneNumber;
}

/** Sends a text to a patient: console, Twilio or SNS behind it. */
export interface Messenger {
  send(message: OutboundMessage): Promise<{ providerId: string }>;
}
