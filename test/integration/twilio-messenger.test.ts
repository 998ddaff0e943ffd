import { inspect } from 'node:util';
import { expect } from 'chai';
import { TwilioMessenger, type TwilioSettings } from '../../src/adapters/twilio/twilio-messenger.js';
import { CLINIC_NUMBER, CLINIC_WHATSAPP_NUMBER } from '../support/clinic-builder.js';
import { FakeTwilioRest, INTERNAL_ERROR, invalidTo, TOO_MANY_REQUESTS } from '../support/fake-twilio-rest.js';
import { ALICE } from '../support/patients.js';
import { rejectionOf } from '../support/rejection-of.js';

const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
/** Retries without the production waits, so a test of four attempts takes milliseconds. */
const FAST_RETRIES = { retries: 3, initialDelayMs: 1, maxDelayMs: 4 };

describe('Twilio messenger, against a fake of the Messages API', () => {
  let fake: FakeTwilioRest;
  beforeEach(async () => {
    fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
  });
  afterEach(() => fake.close());

  const messenger = (settings: Partial<TwilioSettings> = {}) =>
    new TwilioMessenger(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN }, fromNumber: CLINIC_NUMBER, ...settings },
      { httpClient: fake.httpClient(), retry: FAST_RETRIES },
    );

  it("posts To, From and Body to the account's Messages.json, with the account SID and auth token as Basic auth", async () => {
    const { providerId } = await messenger().send({ to: ALICE, channel: 'sms', body: 'See you at 10:30.' });
    expect(providerId).to.match(/^SM[0-9a-f]{32}$/);
    expect(fake.requests).to.deep.equal([
      {
        method: 'POST',
        path: MESSAGES_PATH,
        auth: { username: ACCOUNT_SID, password: AUTH_TOKEN },
        form: { To: ALICE, From: CLINIC_NUMBER, Body: 'See you at 10:30.' },
      },
    ]);
  });

  it('lets a Messaging Service pick the sender when one is configured', async () => {
    await messenger({ messagingServiceSid: `MG${'b'.repeat(32)}` }).send({
      to: ALICE,
      channel: 'sms',
      body: 'hello',
    });
    expect(fake.requests[0]!.form).to.deep.equal({
      To: ALICE,
      MessagingServiceSid: `MG${'b'.repeat(32)}`,
      Body: 'hello',
    });
  });

  it('sends WhatsApp from the WhatsApp sender, both numbers prefixed whatsapp:', async () => {
    await messenger({ whatsappFrom: CLINIC_WHATSAPP_NUMBER }).send({ to: ALICE, channel: 'whatsapp', body: 'hello' });
    expect(fake.requests[0]!.form).to.deep.equal({
      To: `whatsapp:${ALICE}`,
      From: `whatsapp:${CLINIC_WHATSAPP_NUMBER}`,
      Body: 'hello',
    });
  });

  it('lets the Messaging Service pick the WhatsApp sender when no WhatsApp number is configured', async () => {
    await messenger({ messagingServiceSid: `MG${'b'.repeat(32)}` }).send({
      to: ALICE,
      channel: 'whatsapp',
      body: 'hello',
    });
    expect(fake.requests[0]!.form).to.deep.equal({
      To: `whatsapp:${ALICE}`,
      MessagingServiceSid: `MG${'b'.repeat(32)}`,
      Body: 'hello',
    });
  });

  it("sends from the clinic's own number in place of a Messaging Service, prefixed whatsapp: on WhatsApp", async () => {
    const sender = messenger({ messagingServiceSid: `MG${'b'.repeat(32)}` });
    await sender.send({ to: ALICE, channel: 'sms', body: 'hello', from: CLINIC_NUMBER });
    await sender.send({ to: ALICE, channel: 'whatsapp', body: 'hello', from: CLINIC_WHATSAPP_NUMBER });
    expect(fake.requests.map(({ form }) => form)).to.deep.equal([
      { To: ALICE, From: CLINIC_NUMBER, Body: 'hello' },
      { To: `whatsapp:${ALICE}`, From: `whatsapp:${CLINIC_WHATSAPP_NUMBER}`, Body: 'hello' },
    ]);
  });

  it('refuses WhatsApp with no WhatsApp sender configured, naming the settings, without calling Twilio', async () => {
    const error = await rejectionOf(messenger().send({ to: ALICE, channel: 'whatsapp', body: 'hello' }));
    expect(error.message).to.include('TWILIO_WHATSAPP_FROM');
    expect(fake.requests).to.deep.equal([]);
  });

  it("authenticates with an API key and its secret, still under the account's path", async () => {
    await fake.close();
    fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: `SK${'c'.repeat(32)}`, password: 'api-key-secret' });
    await messenger({ credentials: { apiKeySid: `SK${'c'.repeat(32)}`, apiKeySecret: 'api-key-secret' } }).send({
      to: ALICE,
      channel: 'sms',
      body: 'hello',
    });
    expect(fake.requests[0]).to.include({ path: MESSAGES_PATH });
    expect(fake.requests[0]!.auth).to.deep.equal({ username: `SK${'c'.repeat(32)}`, password: 'api-key-secret' });
    expect(fake.accepted).to.have.length(1);
  });

  it('retries a 429 and then a 500, and sends the message once', async () => {
    fake.failNext(TOO_MANY_REQUESTS, INTERNAL_ERROR);
    const { providerId } = await messenger().send({ to: ALICE, channel: 'sms', body: 'hello' });
    expect(fake.requests).to.have.length(3);
    expect(fake.accepted.map(({ sid }) => sid)).to.deep.equal([providerId]);
  });

  it("gives up after three retries, rejecting with Twilio's status, code and message", async () => {
    fake.failNext(INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR, INTERNAL_ERROR);
    const error = await rejectionOf(messenger().send({ to: ALICE, channel: 'sms', body: 'hello' }));
    expect(error.message).to.equal(
      'Twilio did not accept the sms message to +1******0001: HTTP 500, Twilio error 20500: Internal Server Error',
    );
    expect(fake.requests).to.have.length(4);
  });

  it('waits between retries by the production policy, bounded to a couple of seconds', async function () {
    this.timeout(5_000);
    fake.failNext(TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, TOO_MANY_REQUESTS);
    const production = new TwilioMessenger(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN }, fromNumber: CLINIC_NUMBER },
      { httpClient: fake.httpClient() },
    );
    const started = Date.now();
    await rejectionOf(production.send({ to: ALICE, channel: 'sms', body: 'hello' }));
    // Equal jitter over 250, 500 and 1000 ms steps: at least 875 ms, at most 1750 ms of waiting.
    expect(Date.now() - started).to.be.within(875, 3_000);
    expect(fake.requests).to.have.length(4);
  });

  it('does not retry a refusal, and masks the number Twilio quotes back', async () => {
    fake.failNext(invalidTo(ALICE));
    const error = await rejectionOf(messenger().send({ to: ALICE, channel: 'sms', body: 'hello' }));
    expect(fake.requests).to.have.length(1);
    expect(error.message).to.equal(
      "Twilio did not accept the sms message to +1******0001: HTTP 400, Twilio error 21211: Invalid 'To' Phone Number: +1******0001",
    );
  });

  it('keeps the auth token out of the error, however it is printed', async () => {
    const error = await rejectionOf(
      messenger({ credentials: { authToken: 'a-wrong-token-0123456789' } }).send({
        to: ALICE,
        channel: 'sms',
        body: 'hello',
      }),
    );
    expect(error.message).to.include('HTTP 401, Twilio error 20003: Authenticate');
    for (const printed of [error.message, error.stack, inspect(error, { depth: 10 }), JSON.stringify(error)]) {
      expect(printed).to.not.include('a-wrong-token-0123456789');
      expect(printed).to.not.include(Buffer.from(`${ACCOUNT_SID}:a-wrong-token-0123456789`).toString('base64'));
    }
  });

  it('names a network failure, keeping the credentials out of it', async () => {
    const unreachable = messenger();
    await fake.close();
    const error = await rejectionOf(unreachable.send({ to: ALICE, channel: 'sms', body: 'hello' }));
    expect(error.message).to.match(/^Twilio did not accept the sms message to \+1\*{6}0001: .*ECONNREFUSED/);
    expect(inspect(error, { depth: 10 })).to.not.include(AUTH_TOKEN);
  });

  it('refuses settings with no SMS sender at all', () => {
    expect(() => new TwilioMessenger({ accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } })).to.throw(
      'expected fromNumber or messagingServiceSid',
    );
  });
});
