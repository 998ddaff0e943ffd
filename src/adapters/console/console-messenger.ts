import { maskPhoneNumber } from '../../domain/phone-number.js';
import type { IdGenerator } from '../../ports/id-generator.js';
import type { Logger } from '../../ports/logger.js';
import type { Messenger, OutboundMessage } from '../../ports/messenger.js';

/**
 * The embedded default: writes what would be sent to the log instead of sending it. The text
 * itself is logged at debug level only, since patients' messages are health data.
 */
export class ConsoleMessenger implements Messenger {
  constructor(
    private readonly logger: Logger,
    private readonly ids: IdGenerator,
  ) {}

  async send(message: OutboundMessage): Promise<{ providerId: string }> {
    const providerId = this.ids.next('console');
    // `sender`, not `from`: the clinic's own number is not a patient's, and the log masks every `from`.
    const sender = message.from ? { sender: message.from } : {};
    // On WhatsApp a template goes instead of the text; SMS has none, and the text goes, as by Twilio.
    const template = message.channel === 'whatsapp' ? message.template : undefined;
    this.logger.info(
      {
        providerId,
        channel: message.channel,
        to: maskPhoneNumber(message.to),
        ...sender,
        ...(template ? { template: template.contentSid } : { characters: message.body.length }),
      },
      'message not sent (console messenger)',
    );
    this.logger.debug(
      template ? { providerId, variables: template.variables } : { providerId, text: message.body },
      template ? 'message template variables' : 'message text',
    );
    return { providerId };
  }
}
