import { expect } from 'chai';
import { SNS_WHATSAPP_REFUSAL, SnsMessenger, type SnsSettings } from '../../src/adapters/sns/sns-messenger.js';
import { CLINIC_NUMBER } from '../support/clinic-builder.js';
import { FakeSns, INTERNAL_ERROR, invalidParameter, THROTTLED } from '../support/fake-sns.js';
import { ALICE } from '../support/patients.js';
import { rejectionOf } from '../support/rejection-of.js';

const credentials = { accessKeyId: 'AKIDFAKESNS', secretAccessKey: 'fake-secret-access-key' };

describe('SNS messenger, against a fake of the SNS Query API', () => {
  let fake: FakeSns;
  beforeEach(async () => {
    fake = await FakeSns.start(credentials.accessKeyId);
  });
  afterEach(() => fake.close());

  const messenger = (settings: Partial<SnsSettings> = {}) =>
    new SnsMessenger({ region: 'eu-west-1', endpoint: fake.url, ...settings }, { credentials });

  it('publishes the text to the phone number as a Transactional SMS, form-encoded and signed with SigV4 for SNS', async () => {
    const { providerId } = await messenger().send({ to: ALICE, channel: 'sms', body: 'See you at 10:30.' });
    const [request] = fake.requests;
    expect(request!.path).to.equal('/');
    expect(request!.authorization).to.match(
      /^AWS4-HMAC-SHA256 Credential=AKIDFAKESNS\/\d{8}\/eu-west-1\/sns\/aws4_request, /,
    );
    expect(request!.form).to.deep.equal({
      Action: 'Publish',
      Version: '2010-03-31',
      PhoneNumber: ALICE,
      Message: 'See you at 10:30.',
      'MessageAttributes.entry.1.Name': 'AWS.SNS.SMS.SMSType',
      'MessageAttributes.entry.1.Value.DataType': 'String',
      'MessageAttributes.entry.1.Value.StringValue': 'Transactional',
    });
    expect(fake.published.map(({ messageId }) => messageId)).to.deep.equal([providerId]);
  });

  it('adds the sender ID and the origination number when configured', async () => {
    await messenger({ senderId: 'Riverside', originationNumber: CLINIC_NUMBER }).send({
      to: ALICE,
      channel: 'sms',
      body: 'hello',
    });
    expect(fake.published[0]!.attributes).to.deep.equal({
      'AWS.SNS.SMS.SMSType': 'Transactional',
      'AWS.SNS.SMS.SenderID': 'Riverside',
      'AWS.MM.SMS.OriginationNumber': CLINIC_NUMBER,
    });
  });

  it("finds the endpoint in the SDK's AWS_ENDPOINT_URL_SNS when none is configured", async () => {
    const before = process.env.AWS_ENDPOINT_URL_SNS;
    process.env.AWS_ENDPOINT_URL_SNS = fake.url;
    try {
      await new SnsMessenger({ region: 'eu-west-1' }, { credentials }).send({
        to: ALICE,
        channel: 'sms',
        body: 'hello',
      });
    } finally {
      if (before === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
      else process.env.AWS_ENDPOINT_URL_SNS = before;
    }
    expect(fake.published).to.have.length(1);
  });

  it('refuses WhatsApp with a clear error and calls SNS not at all', async () => {
    const error = await rejectionOf(messenger().send({ to: ALICE, channel: 'whatsapp', body: 'hello' }));
    expect(error.message).to.equal('SNS cannot send WhatsApp messages; use MESSAGING_PROVIDER=twilio');
    expect(error.message).to.equal(SNS_WHATSAPP_REFUSAL);
    expect(fake.requests).to.deep.equal([]);
  });

  it('retries Throttled (429) and InternalError (500), and publishes once', async () => {
    fake.failNext(THROTTLED, INTERNAL_ERROR);
    const { providerId } = await messenger().send({ to: ALICE, channel: 'sms', body: 'hello' });
    expect(fake.requests).to.have.length(3);
    expect(fake.published.map(({ messageId }) => messageId)).to.deep.equal([providerId]);
  });

  it("gives up after three attempts, rejecting with AWS's code, status and request id", async () => {
    fake.failNext(INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR);
    const error = await rejectionOf(messenger().send({ to: ALICE, channel: 'sms', body: 'hello' }));
    expect(error.message).to.match(
      /^SNS did not accept the SMS to \+1\*{6}0001: InternalError \(HTTP 500\): Internal service error \[request [0-9a-f-]{36}\]$/,
    );
    expect(fake.requests).to.have.length(3);
  });

  it('does not retry an invalid parameter, and masks the number AWS quotes back', async () => {
    fake.failNext(invalidParameter(`Invalid parameter: PhoneNumber Reason: ${ALICE} is not valid to publish to`));
    const error = await rejectionOf(messenger().send({ to: ALICE, channel: 'sms', body: 'hello' }));
    expect(fake.requests).to.have.length(1);
    expect(error.message).to.include(
      'InvalidParameter (HTTP 400): Invalid parameter: PhoneNumber Reason: +1******0001 is not valid to publish to',
    );
    expect(error.message).to.not.include(ALICE);
  });
});
