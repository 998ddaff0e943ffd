import { expect } from 'chai';
import { API_PREFIX } from '../../src/adapters/http/create-http-app.js';
import { SNS_WEBHOOK_PATH } from '../../src/adapters/sns/sns-webhook.js';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { ALICE, BOB } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { EchoLanguageModel } from '../support/scripted-language-model.js';
import { type SnsMessage, SnsSigner } from '../support/sns-signing.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { MONDAY_8AM } from '../support/times.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:clinic-two-way-sms';
const CERT_URL = 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-6209c161c6221fdf56ec1eb5c821d112.pem';
const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_ARN}&Token=2336412f37fb687f5d51e6e2425c464de12884d4`;

const sns = new SnsSigner();

let ids = 0;
function aNotification(text: string, fields: Partial<SnsMessage> = {}): SnsMessage {
  const sms = {
    originationNumber: ALICE,
    destinationNumber: CLINIC_NUMBER,
    messageKeyword: 'KEYWORD_123456789012',
    messageBody: text,
    inboundMessageId: `in-${++ids}`,
    previousPublishedMessageId: 'out-1',
  };
  return {
    Type: 'Notification',
    MessageId: `0b2c8a34-0000-4000-8000-${String(ids).padStart(12, '0')}`,
    TopicArn: TOPIC_ARN,
    Message: JSON.stringify(sms),
    Timestamp: '2026-03-02T13:00:00.000Z',
    SigningCertURL: CERT_URL,
    ...fields,
  };
}

const aSubscriptionConfirmation = (fields: Partial<SnsMessage> = {}): SnsMessage => ({
  Type: 'SubscriptionConfirmation',
  MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
  Token: '2336412f37fb687f5d51e6e2425c464de12884d4',
  TopicArn: TOPIC_ARN,
  Message: `You have chosen to subscribe to the topic ${TOPIC_ARN}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
  SubscribeURL: SUBSCRIBE_URL,
  Timestamp: '2026-03-02T12:59:00.000Z',
  SigningCertURL: CERT_URL,
  ...fields,
});

describe('SNS webhook for two-way SMS', () => {
  let server: TestServer;
  let url: string;
  let model: EchoLanguageModel;
  let messenger: RecordingMessenger;
  let certificatesFetched: string[];
  let confirmed: string[];
  let confirmationFails: boolean;
  let certificateUnreachable: boolean;
  let certificatePem: string;

  async function start(languageModel = new EchoLanguageModel()) {
    model = languageModel;
    messenger = new RecordingMessenger();
    certificatesFetched = [];
    confirmed = [];
    confirmationFails = false;
    certificateUnreachable = false;
    certificatePem = sns.certificatePem;
    server = await startTestServer({
      languageModel: model,
      messenger,
      snsTopicArn: TOPIC_ARN,
      snsHttps: {
        fetchCertificate: async (certificateUrl) => {
          certificatesFetched.push(certificateUrl.href);
          if (certificateUnreachable) throw new Error('fetch failed');
          return certificatePem;
        },
        confirmSubscription: async (subscribeUrl) => {
          if (confirmationFails) throw new Error('SNS answered HTTP 500');
          confirmed.push(subscribeUrl.href);
        },
      },
    });
    url = `${server.url}${API_PREFIX}${SNS_WEBHOOK_PATH}`;
  }
  afterEach(() => server.close());

  /** The first reply, whether it went out before the acknowledgement was read or comes later. */
  async function firstReply() {
    if (messenger.sent.length === 0) await messenger.nextMessage();
    return messenger.sent[0];
  }

  /** As SNS posts: JSON as text/plain, with the message type in a header. */
  async function deliver(message: SnsMessage | string, contentType = 'text/plain; charset=UTF-8') {
    const body = typeof message === 'string' ? message : JSON.stringify(message);
    const type = typeof message === 'string' ? 'Notification' : message.Type;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'x-amz-sns-message-type': type },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as { status?: string; error?: { code: string; message: string } },
    };
  }

  describe('a patient text', () => {
    beforeEach(() => start());

    it('is answered by SMS to the sender when signed with SignatureVersion 1 (SHA1withRSA)', async () => {
      const response = await deliver(sns.sign(aNotification('anything tomorrow?'), '1'));
      expect(response).to.deep.equal({ status: 200, body: { status: 'accepted' } });
      expect(await firstReply()).to.deep.equal({ to: ALICE, channel: 'sms', body: 'You said: anything tomorrow?' });
      expect(certificatesFetched).to.deep.equal([CERT_URL]);
    });

    it('is answered when SNS delivers it again within the hour its delivery policy may retry for', async () => {
      const signedLate = new Date(MONDAY_8AM - 3_599_000).toISOString();
      expect((await deliver(sns.sign(aNotification('hello', { Timestamp: signedLate })))).status).to.equal(200);
      expect((await firstReply()).body).to.equal('You said: hello');
    });

    it('is answered alike when signed with SignatureVersion 2 (SHA256withRSA)', async () => {
      expect((await deliver(sns.sign(aNotification('book me in'), '2'))).status).to.equal(200);
      expect(await firstReply()).to.deep.equal({ to: ALICE, channel: 'sms', body: 'You said: book me in' });
    });

    it('is read when a delivery policy sends it as application/json', async () => {
      expect((await deliver(sns.sign(aNotification('hello')), 'application/json')).status).to.equal(200);
      expect((await firstReply()).body).to.equal('You said: hello');
    });

    it('is signed with its Subject when it has one', async () => {
      expect((await deliver(sns.sign(aNotification('hello', { Subject: 'Inbound SMS' })))).status).to.equal(200);
      expect((await firstReply()).body).to.equal('You said: hello');
    });

    it('runs the receptionist once for a MessageId delivered twice', async () => {
      const message = sns.sign(aNotification('book me in'));
      const [first, second] = await Promise.all([deliver(message), deliver(message)]);
      await firstReply();
      expect([first.body.status, second.body.status].sort()).to.deep.equal(['accepted', 'already accepted']);
      expect((await deliver(message)).body.status).to.equal('already accepted');
      expect(model.calls).to.equal(1);
      expect(messenger.sent).to.have.length(1);
    });

    it('answers a text once, though it comes again under a new SNS MessageId, as a server that did not see the first would', async () => {
      const first = aNotification('book me in');
      expect((await deliver(sns.sign(first))).body.status).to.equal('accepted');
      await firstReply();
      const again = { ...first, MessageId: '0b2c8a34-0000-4000-8000-999999999999' };
      expect((await deliver(sns.sign(again))).body.status).to.equal('accepted');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(model.calls).to.equal(1);
      expect(messenger.sent).to.have.length(1);
    });

    it('answers STOP with the opt-out confirmation, as carriers require', async () => {
      await deliver(sns.sign(aNotification('STOP')));
      expect((await firstReply()).body).to.include("You're unsubscribed");
      expect(model.calls).to.equal(0);
    });

    it('names a Message that is not a two-way SMS with 400', async () => {
      const response = await deliver(
        sns.sign(aNotification('x', { Message: JSON.stringify({ messageBody: 'hi', inboundMessageId: 'in-1' }) })),
      );
      expect(response.status).to.equal(400);
      expect(response.body.error!.message).to.equal(
        'Message.originationNumber: expected the sender as an E.164 phone number',
      );
    });
  });

  describe('a patient text with the receptionist slow to answer', () => {
    beforeEach(() => start(new EchoLanguageModel(400)));

    it('is acknowledged at once and answered afterwards, so SNS never times out and retries', async () => {
      expect((await deliver(sns.sign(aNotification('slow one')))).status).to.equal(200);
      // Acknowledged while the receptionist is still thinking: its reply has not been sent yet.
      expect(messenger.sent).to.deep.equal([]);
      expect((await firstReply()).body).to.equal('You said: slow one');
    });
  });

  describe('a message SNS did not sign for this topic', () => {
    beforeEach(() => start());

    async function expectRefused(message: SnsMessage, field: string) {
      const response = await deliver(message);
      expect(response.status).to.equal(403);
      expect(response.body.error!.code).to.equal('FORBIDDEN');
      expect(response.body.error!.message).to.match(new RegExp(`^${field}: `));
      expect(model.calls).to.equal(0);
      expect(messenger.sent).to.deep.equal([]);
    }

    it('is refused when altered after signing', async () => {
      const signed = sns.sign(aNotification('cancel my appointment'));
      const tampered = JSON.parse(signed.Message!) as Record<string, string>;
      await expectRefused({ ...signed, Message: JSON.stringify({ ...tampered, originationNumber: BOB }) }, 'Signature');
    });

    it('is refused when signed by another key', async () => {
      await expectRefused(new SnsSigner().sign(aNotification('hello')), 'Signature');
    });

    it('is refused when it comes from another topic, without fetching any certificate', async () => {
      await expectRefused(
        sns.sign(aNotification('hello', { TopicArn: 'arn:aws:sns:us-east-1:999999999999:someone-else' })),
        'TopicArn',
      );
      expect(certificatesFetched).to.deep.equal([]);
    });

    for (const foreign of [
      'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com.attacker.example/SimpleNotificationService-1.pem',
      'https://attacker.example/sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com@attacker.example/SimpleNotificationService-1.pem',
      'https://s3.amazonaws.com/sns/SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-1.pem',
      // An S3 bucket named "sns", served through S3 Transfer Acceleration: anyone can create one.
      'https://sns.s3-accelerate.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.s3.amazonaws.com/SimpleNotificationService-1.pem',
      'https://sns.us-east-1.amazonaws.com/?Action=GetCertificate&from=attacker.example',
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem?redirect=attacker.example',
      'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.txt',
    ]) {
      it(`is refused when its certificate would come from ${foreign}, which is fetched not at all`, async () => {
        await expectRefused(sns.sign(aNotification('hello', { SigningCertURL: foreign })), 'SigningCertURL');
        expect(certificatesFetched).to.deep.equal([]);
      });
    }

    it('is refused when its certificate, though at an SNS address, is not issued to sns.amazonaws.com', async () => {
      const impostor = new SnsSigner('sns.attacker.example');
      certificatePem = impostor.certificatePem;
      await expectRefused(impostor.sign(aNotification('hello')), 'SigningCertURL');
    });

    it('is refused when signed more than an hour ago, as a replay, without fetching any certificate', async () => {
      const hourAndASecondAgo = new Date(MONDAY_8AM - 3_601_000).toISOString();
      await expectRefused(
        sns.sign(aNotification('cancel my appointment', { Timestamp: hourAndASecondAgo })),
        'Timestamp',
      );
      expect(certificatesFetched).to.deep.equal([]);
    });

    it('is refused when its Timestamp is not a time', async () => {
      await expectRefused(sns.sign(aNotification('hello', { Timestamp: 'yesterday' })), 'Timestamp');
    });

    it('is refused with a SignatureVersion SNS does not use', async () => {
      await expectRefused({ ...sns.sign(aNotification('hello')), SignatureVersion: '3' }, 'SignatureVersion');
    });

    it('is refused when unsigned, naming the field with 400', async () => {
      const response = await deliver(aNotification('hello'));
      expect(response.status).to.equal(400);
      expect(response.body.error!.message).to.equal(
        'SignatureVersion: expected a string, as SNS sends in every Notification',
      );
      expect(model.calls).to.equal(0);
    });

    it('is put off with 503 while its certificate cannot be fetched, so that SNS delivers it again', async () => {
      certificateUnreachable = true;
      const response = await deliver(sns.sign(aNotification('hello')));
      expect(response.status).to.equal(503);
      expect(model.calls).to.equal(0);
    });

    it('is refused with 413 when larger than any SNS message, unread', async () => {
      const response = await deliver(sns.sign(aNotification('x'.repeat(400 * 1024))));
      expect(response.status).to.equal(413);
      expect(certificatesFetched).to.deep.equal([]);
    });

    it('is refused with 400 when it is not JSON at all', async () => {
      expect((await deliver('Action=Publish&Message=hello')).status).to.equal(400);
    });
  });

  describe('the subscription handshake', () => {
    beforeEach(() => start());

    it('confirms a subscription to the configured topic by fetching its SubscribeURL', async () => {
      const response = await deliver(sns.sign(aSubscriptionConfirmation(), '2'));
      expect(response).to.deep.equal({ status: 200, body: { status: 'subscribed' } });
      expect(confirmed).to.deep.equal([new URL(SUBSCRIBE_URL).href]);
    });

    it('does not confirm a subscription to another topic', async () => {
      const response = await deliver(
        sns.sign(aSubscriptionConfirmation({ TopicArn: 'arn:aws:sns:us-east-1:999999999999:someone-else' })),
      );
      expect(response.status).to.equal(403);
      expect(confirmed).to.deep.equal([]);
    });

    it('does not visit a SubscribeURL off SNS, even in a signed confirmation', async () => {
      const response = await deliver(
        sns.sign(aSubscriptionConfirmation({ SubscribeURL: 'https://attacker.example/?Action=ConfirmSubscription' })),
      );
      expect(response.status).to.equal(403);
      expect(response.body.error!.message).to.match(/^SubscribeURL: /);
      expect(confirmed).to.deep.equal([]);
    });

    it('does not confirm when the Token was altered after signing', async () => {
      const response = await deliver({ ...sns.sign(aSubscriptionConfirmation()), Token: 'another-token' });
      expect(response.status).to.equal(403);
      expect(confirmed).to.deep.equal([]);
    });

    it('answers 502 when SNS does not take the confirmation, so that SNS delivers it again', async () => {
      confirmationFails = true;
      const response = await deliver(sns.sign(aSubscriptionConfirmation()));
      expect(response.status).to.equal(502);
      expect(response.body.error!.code).to.equal('SUBSCRIPTION_NOT_CONFIRMED');
    });

    it('notes an UnsubscribeConfirmation and acts on nothing', async () => {
      const response = await deliver(sns.sign(aSubscriptionConfirmation({ Type: 'UnsubscribeConfirmation' })));
      expect(response).to.deep.equal({ status: 200, body: { status: 'noted' } });
      expect(confirmed).to.deep.equal([]);
    });
  });
});
