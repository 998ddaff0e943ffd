import twilio from 'twilio';
import { maskPhoneNumber } from '../../domain/phone-number.js';
import type { Messenger, OutboundMessage } from '../../ports/messenger.js';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy, withRetries } from './twilio-retry.js';

export interface TwilioSettings {
  /** AC…: the account that sends, and the one the messages are billed to. */
  accountSid: string;
  /** The account's auth token, or an API key (SK…) and its secret, which can be revoked on their own. */
  credentials: { authToken: string } | { apiKeySid: string; apiKeySecret: string };
  /** The SMS sender in E.164; not needed when a Messaging Service picks the sender. */
  fromNumber?: string;
  /** MG…: when set, it picks the sender from its pool, for SMS and WhatsApp alike. */
  messagingServiceSid?: string;
  /** The approved WhatsApp sender in E.164, without the `whatsapp:` prefix. */
  whatsappFrom?: string;
}

export interface TwilioMessengerOptions {
  retry?: RetryPolicy;
  /** Where the REST calls go; tests point it at a local fake. */
  httpClient?: twilio.RequestClient;
}

/** Twilio's errors may quote the numbers involved; logs and callers get them masked. */
const maskNumbers = (text: string) => text.replace(/\+\d{7,15}/g, maskPhoneNumber);

function describeFailure(error: unknown): string {
  const { status, code, message } = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof status !== 'number') return maskNumbers(String(message ?? error));
  return `HTTP ${status}${typeof code === 'number' ? `, Twilio error ${code}` : ''}: ${maskNumbers(String(message))}`;
}

/**
 * A WhatsApp template goes as its Content SID and its variables as a JSON string, as the Messages API
 * takes them, without a body; SMS has no templates and is sent as written.
 */
function contentOf({
  channel,
  body,
  template,
}: OutboundMessage): { body: string } | { contentSid: string; contentVariables: string } {
  if (channel !== 'whatsapp' || !template) return { body };
  return { contentSid: template.contentSid, contentVariables: JSON.stringify(template.variables) };
}

/** Sends texts through Twilio's Messages API: SMS from a number or a Messaging Service, and WhatsApp. */
export class TwilioMessenger implements Messenger {
  private readonly client: twilio.Twilio;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly settings: TwilioSettings,
    options: TwilioMessengerOptions = {},
  ) {
    if (!settings.fromNumber && !settings.messagingServiceSid)
      throw new Error('TwilioSettings: expected fromNumber or messagingServiceSid, the sender of SMS');
    const { credentials } = settings;
    const [username, password] =
      'authToken' in credentials
        ? [settings.accountSid, credentials.authToken]
        : [credentials.apiKeySid, credentials.apiKeySecret];
    // 10 s rather than the SDK's 30 s: a reply that late is no longer a conversation.
    this.client = twilio(username, password, {
      accountSid: settings.accountSid,
      timeout: 10_000,
      ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    });
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  async send(message: OutboundMessage): Promise<{ providerId: string }> {
    const params = {
      to: message.channel === 'whatsapp' ? `whatsapp:${message.to}` : message.to,
      ...contentOf(message),
      ...this.senderFor(message),
    };
    try {
      const created = await withRetries(
        () => this.client.messages.create(params),
        (error) => isRetryableStatus((error as { status?: unknown }).status),
        this.retry,
      );
      return { providerId: created.sid };
    } catch (error) {
      // Not kept as the cause: a network error carries its request, Authorization header included, which loggers would print.
      throw new Error(
        `Twilio did not accept the ${message.channel} message to ${maskPhoneNumber(message.to)}: ${describeFailure(error)}`,
      );
    }
  }

  private senderFor({ channel, from }: OutboundMessage): { from: string } | { messagingServiceSid: string } {
    // A number asked for wins over a messaging service: Twilio would otherwise pick any number of its pool.
    if (from) return { from: channel === 'whatsapp' ? `whatsapp:${from}` : from };
    const { fromNumber, messagingServiceSid, whatsappFrom } = this.settings;
    if (channel === 'whatsapp') {
      if (whatsappFrom) return { from: `whatsapp:${whatsappFrom}` };
      if (messagingServiceSid) return { messagingServiceSid };
      throw new Error(
        'Twilio cannot send WhatsApp messages without a sender: set TWILIO_WHATSAPP_FROM, or a TWILIO_MESSAGING_SERVICE_SID with a WhatsApp sender',
      );
    }
    return messagingServiceSid ? { messagingServiceSid } : { from: fromNumber! };
  }
}
