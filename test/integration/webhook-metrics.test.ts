import { expect } from 'chai';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE } from '../support/patients.js';
import { expectNoPatientData, type PrometheusScrape, scrapeMetrics } from '../support/prometheus-text.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { type SnsMessage, SnsSigner } from '../support/sns-signing.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { postTwilioWebhook } from '../support/twilio-media-client.js';

const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const PUBLIC_BASE_URL = 'https://clinic.example.com';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:clinic-two-way-sms';
const DELIVERIES = 'receptionist_webhook_deliveries_total';

/** What each outcome of `webhook` moved by since `before`. */
const outcomes = (before: PrometheusScrape, after: PrometheusScrape, webhook: string) =>
  Object.fromEntries(
    ['accepted', 'forged', 'duplicate', 'limited'].map((outcome) => [
      outcome,
      after.movedSince(before, DELIVERIES, { webhook, outcome }),
    ]),
  );

describe('webhook deliveries in /metrics', () => {
  let server: TestServer;
  afterEach(() => server.close());

  /** Posts a Twilio webhook signed with `token`: Twilio's own, or another (a forgery). */
  const postTwilio = async (path: string, form: Record<string, string>, token = AUTH_TOKEN) =>
    (await postTwilioWebhook(server.url, { authToken: token, publicBaseUrl: PUBLIC_BASE_URL }, `/api/v1${path}`, form))
      .status;

  it('counts Twilio SMS accepted, delivered again, forged and past the limit, never a number or words', async () => {
    server = await startTestServer({
      twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
      languageModel: new EchoLanguageModel(),
      messagesPerPatientPerMinute: 2,
    });
    const sms = (sid: string, body: string) => ({ MessageSid: sid, From: ALICE, To: CLINIC_NUMBER, Body: body });
    const first = sms(`SM${'1'.repeat(32)}`, 'Book me Tuesday morning');
    const before = await scrapeMetrics(server.url);
    expect(await postTwilio('/sms/webhook', first)).to.equal(200);
    expect(await postTwilio('/sms/webhook', first)).to.equal(200);
    expect(await postTwilio('/sms/webhook', sms(`SM${'2'.repeat(32)}`, 'forged'), 'another-token')).to.equal(403);
    expect(await postTwilio('/sms/webhook', sms(`SM${'3'.repeat(32)}`, 'Or Wednesday'))).to.equal(200);
    expect(await postTwilio('/sms/webhook', sms(`SM${'4'.repeat(32)}`, 'Hello again'))).to.equal(200);
    const after = await scrapeMetrics(server.url);
    expect(outcomes(before, after, 'twilio_sms')).to.deep.equal({ accepted: 2, forged: 1, duplicate: 1, limited: 1 });
    expectNoPatientData(after, 'Tuesday', 'Wednesday', 'Hello', 'SM1111', 'SM4444');
  });

  it('counts Twilio voice calls and speech turns taken, a forged call and a caller past the limit', async () => {
    server = await startTestServer({
      twilio: { authToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
      languageModel: new EchoLanguageModel(),
      messagesPerPatientPerMinute: 2,
    });
    const call = { CallSid: `CA${'1'.repeat(32)}`, From: ALICE, To: CLINIC_NUMBER };
    const before = await scrapeMetrics(server.url);
    expect(await postTwilio('/voice/webhook', call)).to.equal(200);
    expect(await postTwilio('/voice/gather', { ...call, SpeechResult: 'a visit on Friday' })).to.equal(200);
    expect(await postTwilio('/voice/webhook', call, 'another-token')).to.equal(403);
    expect(await postTwilio('/voice/webhook', { ...call, CallSid: `CA${'2'.repeat(32)}` })).to.equal(200);
    const after = await scrapeMetrics(server.url);
    expect(outcomes(before, after, 'twilio_voice')).to.deep.equal({
      accepted: 2,
      forged: 1,
      duplicate: 0,
      limited: 1,
    });
    expectNoPatientData(after, 'Friday', 'CA1111');
  });

  it('counts SNS texts accepted, delivered again, forged and past the limit', async () => {
    const signer = new SnsSigner();
    server = await startTestServer({
      snsTopicArn: TOPIC_ARN,
      snsHttps: { fetchCertificate: async () => signer.certificatePem, confirmSubscription: async () => {} },
      messagesPerPatientPerMinute: 2,
    });
    const text = (n: number, body: string): SnsMessage =>
      signer.sign({
        Type: 'Notification',
        MessageId: `0b2c8a34-0000-4000-8000-${String(n).padStart(12, '0')}`,
        TopicArn: TOPIC_ARN,
        Message: JSON.stringify({
          originationNumber: ALICE,
          destinationNumber: CLINIC_NUMBER,
          messageBody: body,
          inboundMessageId: `in-${n}`,
        }),
        Timestamp: '2026-03-02T13:00:00.000Z',
        SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem',
      });
    const deliver = async (message: SnsMessage) =>
      (
        await fetch(`${server.url}/api/v1/sns/webhook`, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': message.Type },
          body: JSON.stringify(message),
        })
      ).status;
    const before = await scrapeMetrics(server.url);
    expect(await deliver(text(1, 'Book me Tuesday morning'))).to.equal(200);
    expect(await deliver(text(1, 'Book me Tuesday morning'))).to.equal(200);
    expect(await deliver({ ...text(2, 'forged'), Message: '{"messageBody":"cancel all"}' })).to.equal(403);
    expect(await deliver(text(3, 'Or Wednesday'))).to.equal(200);
    expect(await deliver(text(4, 'Hello again'))).to.equal(200);
    const after = await scrapeMetrics(server.url);
    expect(outcomes(before, after, 'sns')).to.deep.equal({ accepted: 2, forged: 1, duplicate: 1, limited: 1 });
    expectNoPatientData(after, 'Tuesday', 'Wednesday', 'Hello', '0b2c8a34', 'in-1');
  });
});
