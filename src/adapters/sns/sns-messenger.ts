import { type MessageAttributeValue, PublishCommand, SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';
import { maskPhoneNumber } from '../../domain/phone-number.js';
import type { Messenger, OutboundMessage } from '../../ports/messenger.js';

export interface SnsSettings {
  /** Unset, the SDK's chain decides (AWS_REGION, then the profile). */
  region?: string;
  /** A local stand-in's URL. Unset, the SDK honours AWS_ENDPOINT_URL_SNS, then AWS's own endpoint. */
  endpoint?: string;
  /** The alphanumeric sender shown where a country allows one. */
  senderId?: string;
  /** The number to send from, in E.164: the one patients reply to when two-way SMS is set up on it. */
  originationNumber?: string;
}

export const SNS_WHATSAPP_REFUSAL = 'SNS cannot send WhatsApp messages; use MESSAGING_PROVIDER=twilio';

const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** AWS's messages may quote the number involved; callers and logs get it masked. */
const maskNumbers = (text: string) => text.replace(/\+\d{7,15}/g, maskPhoneNumber);

/** AWS's own error code (`Throttled`, not the SDK's `ThrottledException`) and the request id AWS support asks for. */
function describeFailure(error: unknown): string {
  const { Code, name, message, $metadata } = error as {
    Code?: string;
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string };
  };
  const status = $metadata?.httpStatusCode ? ` (HTTP ${$metadata.httpStatusCode})` : '';
  const requestId = $metadata?.requestId ? ` [request ${$metadata.requestId}]` : '';
  return `${Code ?? name ?? 'Error'}${status}: ${maskNumbers(String(message))}${requestId}`;
}

/**
 * Sends SMS straight to a phone number with SNS Publish. Throttling, 5xx and network failures are
 * retried by the SDK's standard strategy (three attempts, jittered backoff) before the send fails.
 */
export class SnsMessenger implements Messenger {
  private readonly client: SNSClient;

  /** `clientConfig` overrides the SDK's defaults: credentials, `maxAttempts`. */
  constructor(
    private readonly settings: SnsSettings,
    clientConfig: SNSClientConfig = {},
  ) {
    const { region, endpoint } = settings;
    this.client = new SNSClient({
      maxAttempts: 3,
      ...(region ? { region } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...clientConfig,
    });
  }

  async send(message: OutboundMessage): Promise<{ providerId: string }> {
    // Sending a WhatsApp reply as an SMS would reach the patient on a channel they did not use.
    if (message.channel !== 'sms') throw new Error(SNS_WHATSAPP_REFUSAL);
    // SMS has no templates: a message's `template` is for WhatsApp, and its body is the text as written.
    const { senderId } = this.settings;
    const originationNumber = message.from ?? this.settings.originationNumber;
    const command = new PublishCommand({
      PhoneNumber: message.to,
      Message: message.body,
      MessageAttributes: {
        // Transactional: routed for reliability rather than price, as appointment texts must arrive.
        'AWS.SNS.SMS.SMSType': attribute('Transactional'),
        ...(senderId ? { 'AWS.SNS.SMS.SenderID': attribute(senderId) } : {}),
        ...(originationNumber ? { 'AWS.MM.SMS.OriginationNumber': attribute(originationNumber) } : {}),
      },
    });
    try {
      const { MessageId } = await this.client.send(command);
      if (!MessageId) throw new Error('the answer carried no MessageId');
      return { providerId: MessageId };
    } catch (error) {
      // Not kept as the cause: the raw response it carries may quote the patient's number unmasked.
      throw new Error(`SNS did not accept the SMS to ${maskPhoneNumber(message.to)}: ${describeFailure(error)}`);
    }
  }
}
