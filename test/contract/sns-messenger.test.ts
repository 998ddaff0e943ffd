import { SnsMessenger } from '../../src/adapters/sns/sns-messenger.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { FakeSns, invalidParameter } from '../support/fake-sns.js';
import { type Delivery, messengerContract } from './messenger.contract.js';

const credentials = { accessKeyId: 'AKIDFAKESNS', secretAccessKey: 'fake-secret-access-key' };

messengerContract('SNS', { whatsapp: 'refuses' }, async () => {
  const fake = await FakeSns.start(credentials.accessKeyId);
  return {
    messenger: new SnsMessenger({ region: 'us-east-1', endpoint: fake.url }, { credentials }),
    delivered: () =>
      fake.published.map(
        ({ messageId, phoneNumber, message }): Delivery => ({
          providerId: messageId,
          to: phoneNumber as PhoneNumber,
          channel: 'sms',
          body: message,
        }),
      ),
    refuseNext: () => fake.failNext(invalidParameter('Invalid parameter: PhoneNumber Reason: not a reachable number')),
    close: () => fake.close(),
  };
});
