import twilio from 'twilio';
import type { PhoneNumber } from '../../domain/phone-number.js';
import type { CallControl } from '../../ports/call-control.js';
import { dialFrontDesk } from './front-desk-dial.js';
import type { TwilioSettings } from './twilio-messenger.js';

/**
 * Calls in progress through Twilio's REST API: `calls(sid).update(...)`, with `status: 'completed'`
 * to hang up, or with new TwiML that dials the front desk to put the caller through, or that says a
 * sentence and hangs up. New TwiML replaces the call's, so its stream ends.
 */
export class TwilioCallControl implements CallControl {
  private readonly client: twilio.Twilio;

  /** `transferEndedUrl`: where Twilio posts how a transfer went (the voice webhook's, under PUBLIC_BASE_URL). */
  constructor(
    settings: Pick<TwilioSettings, 'accountSid' | 'credentials'>,
    private readonly options: { httpClient?: twilio.RequestClient; transferEndedUrl?: string } = {},
  ) {
    const { credentials } = settings;
    const [username, password, extra] =
      'authToken' in credentials
        ? [settings.accountSid, credentials.authToken, {}]
        : [credentials.apiKeySid, credentials.apiKeySecret, { accountSid: settings.accountSid }];
    this.client = twilio(username, password, {
      ...extra,
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    });
  }

  async hangUp(callSid: string): Promise<void> {
    await this.client.calls(callSid).update({ status: 'completed' });
  }

  async transfer(callSid: string, to: PhoneNumber): Promise<void> {
    const action = this.options.transferEndedUrl;
    if (!action)
      throw new Error('a transfer needs PUBLIC_BASE_URL, for Twilio to report whether the front desk answered');
    const twiml = new twilio.twiml.VoiceResponse();
    dialFrontDesk(twiml, to, action);
    await this.client.calls(callSid).update({ twiml: twiml.toString() });
  }

  async sayThenHangUp(callSid: string, sentence: string): Promise<void> {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.say(sentence);
    twiml.hangup();
    await this.client.calls(callSid).update({ twiml: twiml.toString() });
  }
}
