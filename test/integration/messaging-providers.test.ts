import { expect } from 'chai';
import { ConsoleMessenger } from '../../src/adapters/console/console-messenger.js';
import { SnsMessenger } from '../../src/adapters/sns/sns-messenger.js';
import { RandomIdGenerator } from '../../src/adapters/system/random-id-generator.js';
import { TwilioMessenger } from '../../src/adapters/twilio/twilio-messenger.js';
import type { Logger } from '../../src/ports/logger.js';
import type { Messenger } from '../../src/ports/messenger.js';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { FakeSns } from '../support/fake-sns.js';
import { FakeTwilioRest } from '../support/fake-twilio-rest.js';
import { ALICE } from '../support/patients.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token';

interface Provider {
  name: string;
  start(): Promise<{ messenger: Messenger; delivered(): { to: string; body: string }[]; close(): Promise<void> }>;
}

const providers: Provider[] = [
  {
    name: 'twilio',
    async start() {
      const fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
      const messenger = new TwilioMessenger(
        { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN }, fromNumber: CLINIC_NUMBER },
        { httpClient: fake.httpClient() },
      );
      return {
        messenger,
        delivered: () => fake.accepted.map(({ form }) => ({ to: form.To!, body: form.Body! })),
        close: () => fake.close(),
      };
    },
  },
  {
    name: 'sns',
    async start() {
      const fake = await FakeSns.start('AKIDLOCAL');
      const messenger = new SnsMessenger(
        { region: 'us-east-1', endpoint: fake.url },
        { credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } },
      );
      return {
        messenger,
        delivered: () => fake.published.map(({ phoneNumber, message }) => ({ to: phoneNumber, body: message })),
        close: () => fake.close(),
      };
    },
  },
  {
    name: 'console',
    async start() {
      const lines: { fields: Record<string, unknown>; message: string }[] = [];
      const record = (fields: object, message: string) =>
        lines.push({ fields: fields as Record<string, unknown>, message });
      const logger: Logger = { debug: record, info: record, warn: record, error: record };
      const byId = (id: unknown) =>
        lines.find((line) => line.message === 'message text' && line.fields.providerId === id)!.fields.text as string;
      return {
        messenger: new ConsoleMessenger(logger, new RandomIdGenerator()),
        delivered: () =>
          lines
            .filter((line) => line.message === 'message not sent (console messenger)')
            .map((line) => ({ to: line.fields.to as string, body: byId(line.fields.providerId) })),
        close: async () => {},
      };
    },
  },
];

// Booked by phone: a booking made in the patient's own texts is confirmed by the reply alone.
describe('booking by phone, whichever provider sends the confirmation text', () => {
  for (const provider of providers) {
    it(`delivers the confirmation through ${provider.name}`, async () => {
      const sender = await provider.start();
      const server: TestServer = await startTestServer({
        messenger: sender.messenger,
        outboxPollMs: 20,
        twilio: UNSIGNED_LOCAL_WEBHOOKS,
      });
      try {
        const say = async (SpeechResult: string) =>
          fetch(`${server.url}/api/v1/voice/gather`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ CallSid: `CA${'a'.repeat(32)}`, From: ALICE, SpeechResult }).toString(),
          }).then((response) => response.text());
        expect(await say('can I come tuesday at 10?')).to.match(/Shall I book it/);
        expect(await say('yes')).to.match(/booked/i);
        for (let waited = 0; sender.delivered().length === 0 && waited < 3_000; waited += 20)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const [confirmation] = sender.delivered();
        expect(confirmation?.body).to.match(
          /^Test Clinic: your appointment is booked for Tuesday 3 March at 10:00 AM\. Ref apt_/,
        );
        expect(confirmation?.to).to.equal(provider.name === 'console' ? '+1******0001' : ALICE);
      } finally {
        await server.close();
        await sender.close();
      }
    });
  }
});
