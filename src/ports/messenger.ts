import type { Channel } from '../domain/channel.js';
import type { PhoneNumber } from '../domain/phone-number.js';

/** A template the provider has approved (a Twilio Content template), with its numbered variables filled in. */
export interface MessageTemplate {
  /** HX…: the Content template's SID. */
  contentSid: string;
  /** `{ "1": "Lakeside Clinic", … }`: each `{{n}}` of the template's text. */
  variables: Record<string, string>;
}

export interface OutboundMessage {
  to: PhoneNumber;
  channel: Channel;
  /** The text as written; what is sent unless `template` is, and by a provider that has no templates. */
  body: string;
  /**
   * Sent instead of `body` on WhatsApp, where a text the clinic starts outside the patient's 24-hour
   * window must be an approved template. SMS has no templates: `body` goes.
   */
  template?: MessageTemplate;
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
