import { TwilioMessenger } from '../../src/adapters/twilio/twilio-messenger.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { CLINIC_NUMBER, CLINIC_WHATSAPP_NUMBER } from '../support/clinic-builder.js';
import { FakeTwilioRest, invalidTo } from '../support/fake-twilio-rest.js';
import { ALICE } from '../support/patients.js';
import { type Delivery, messengerContract } from './messenger.contract.js';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';

const configuredSender = { sms: CLINIC_NUMBER, whatsapp: CLINIC_WHATSAPP_NUMBER };

messengerContract('Twilio', { whatsapp: 'delivers', configuredSender }, async () => {
  const fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
  const messenger = new TwilioMessenger(
    {
      accountSid: ACCOUNT_SID,
      credentials: { authToken: AUTH_TOKEN },
      fromNumber: configuredSender.sms,
      whatsappFrom: configuredSender.whatsapp,
    },
    { httpClient: fake.httpClient() },
  );
  return {
    messenger,
    delivered: () =>
      fake.accepted.map(
        ({ sid, form }): Delivery => ({
          providerId: sid,
          to: form.To!.replace(/^whatsapp:/, '') as PhoneNumber,
          channel: form.To!.startsWith('whatsapp:') ? 'whatsapp' : 'sms',
          ...(form.Body === undefined ? {} : { body: form.Body }),
          ...(form.ContentSid === undefined
            ? {}
            : { template: { contentSid: form.ContentSid, variables: JSON.parse(form.ContentVariables ?? '{}') } }),
          from: form.From!.replace(/^whatsapp:/, '') as PhoneNumber,
        }),
      ),
    refuseNext: () => fake.failNext(invalidTo(ALICE)),
    close: () => fake.close(),
  };
});
