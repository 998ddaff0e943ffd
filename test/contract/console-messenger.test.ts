import { ConsoleMessenger } from '../../src/adapters/console/console-messenger.js';
import type { Channel } from '../../src/domain/channel.js';
import { maskPhoneNumber, type PhoneNumber } from '../../src/domain/phone-number.js';
import type { Logger } from '../../src/ports/logger.js';
import { type Delivery, messengerContract } from './messenger.contract.js';

let ids = 0;
const sequentialIds = { next: (prefix: string) => `${prefix}_${++ids}` };

/** The console's provider is its log: one info line per message, the text at debug level. */
messengerContract('console', { whatsapp: 'delivers', recipientAsSeen: maskPhoneNumber }, async () => {
  const lines: { level: string; fields: Record<string, unknown> }[] = [];
  let refuse = false;
  const record = (level: string) => (fields: object) => {
    if (refuse) {
      refuse = false;
      throw new Error('the log cannot be written');
    }
    lines.push({ level, fields: fields as Record<string, unknown> });
  };
  const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return {
    messenger: new ConsoleMessenger(logger, sequentialIds),
    delivered: () =>
      lines
        .filter((line) => line.level === 'info')
        .map(({ fields }): Delivery => {
          const detail = lines.find((line) => line.level === 'debug' && line.fields.providerId === fields.providerId)
            ?.fields as { text?: string; variables?: Record<string, string> };
          return {
            providerId: fields.providerId as string,
            to: fields.to as PhoneNumber,
            channel: fields.channel as Channel,
            ...(fields.template
              ? { template: { contentSid: fields.template as string, variables: detail.variables! } }
              : { body: detail.text! }),
            ...(fields.sender ? { from: fields.sender as PhoneNumber } : {}),
          };
        }),
    refuseNext: () => (refuse = true),
    close: async () => {},
  };
});
