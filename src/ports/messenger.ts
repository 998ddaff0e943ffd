import type { Channel } from '../domain/channel.js';
import type { PhoneNumber } from '../domain/phone-number.js';

export interface OutboundMessage {
  to: PhoneNumber;
  channel: Channel;
  body: string;
}

/** Sends a text to a patient: console, Twilio or SNS behind it. */
export interface Messenger {
  send(message: OutboundMessage): Promise<{ providerId: string }>;
}
