import { SnsMessenger } from '../../src/adapters/sns/sns-messenger.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { FakeSns, invalidParameter } from '../support/fake-sns.js';
import { type Delivery, messengerContract } from './messenger.contract.js';

const credentials = { accessKeyId: 'AKIDFAKESNS', secretAccessKey: 'fake-secret-access-key' };

messengerContract('SNS', { whatsapp: 'refuses', configuredSender: { sms: CLINIC_NUMBER } }, async () => {
  const fake = await FakeSns.start(credentials.accessKeyId);
  return {
    messenger: new SnsMessenger(
      { region: 'us-east-1', endpoint: fake.url, originationNumber: CLINIC_NUMBER },
      { credentials },
    ),
    delivered: () =>
      fake.published.map(
        ({ messageId, phoneNumber, message, attributes }): Delivery => ({
          providerId: messageId,
          to: phoneNumber as PhoneNumber,
          channel: 'sms',
          body: message,
          from: attributes['AWS.MM.SMS.OriginationNumber'] as PhoneNumber,
        }),
      ),
    refuseNext: () => fake.failNext(invalidParameter('Invalid parameter: PhoneNumber Reason: not a reachable number')),
    close: () => fake.close(),
  };
});
