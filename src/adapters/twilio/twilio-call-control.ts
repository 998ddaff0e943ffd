import twilio from 'twilio';
import type { CallControl } from '../../ports/call-control.js';
import type { TwilioSettings } from './twilio-messenger.js';

/** Ends calls through Twilio's REST API: `calls(sid).update({ status: 'completed' })`. */
export class TwilioCallControl implements CallControl {
  private readonly client: twilio.Twilio;

  constructor(settings: Pick<TwilioSettings, 'accountSid' | 'credentials'>, options: { httpClient?: twilio.RequestClient } = {}) {
    const { credentials } = settings;
    const [username, password, extra] =
      'authToken' in credentials ? [settings.accountSid, credentials.authToken, {}] : [credentials.apiKeySid, credentials.apiKeySecret, { accountSid: settings.accountSid }];
    this.client = twilio(username, password, { ...extra, ...(options.httpClient ? { httpClient: options.httpClient } : {}) });
  }

  async hangUp(callSid: string): Promise<void> {
    await this.client.calls(callSid).update({ status: 'completed' });
  }
}
