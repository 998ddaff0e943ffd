import { expect } from 'chai';
import { TwilioCallControl } from '../../src/adapters/twilio/twilio-call-control.js';
import { FRONT_DESK } from '../support/clinic-builder.js';
import { FakeTwilioRest } from '../support/fake-twilio-rest.js';
import { rejectionOf } from '../support/rejection-of.js';

const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-for-tests';
const CALL_SID = `CA${'c'.repeat(32)}`;

describe('Twilio call control, against a fake of the Calls API', () => {
  let fake: FakeTwilioRest;
  beforeEach(async () => {
    fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: ACCOUNT_SID, password: AUTH_TOKEN });
  });
  afterEach(() => fake.close());

  it("hangs up by posting Status=completed to the call's resource, with the account SID and auth token as Basic auth", async () => {
    await new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } },
      { httpClient: fake.httpClient() },
    ).hangUp(CALL_SID);
    expect(fake.requests).to.deep.equal([
      {
        method: 'POST',
        path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}.json`,
        auth: { username: ACCOUNT_SID, password: AUTH_TOKEN },
        form: { Status: 'completed' },
      },
    ]);
  });

  it("authenticates with an API key and its secret, still under the account's path", async () => {
    const apiKeySid = `SK${'d'.repeat(32)}`;
    await fake.close();
    fake = await FakeTwilioRest.start(ACCOUNT_SID, { username: apiKeySid, password: 'key-secret' });
    await new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { apiKeySid, apiKeySecret: 'key-secret' } },
      { httpClient: fake.httpClient() },
    ).hangUp(CALL_SID);
    expect(fake.callUpdates).to.deep.equal([{ sid: CALL_SID, form: { Status: 'completed' } }]);
    expect(fake.requests[0]!.auth).to.deep.equal({ username: apiKeySid, password: 'key-secret' });
  });

  it('reports what Twilio refused: a call that has already ended', async () => {
    const control = new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } },
      { httpClient: fake.httpClient() },
    );
    await control.hangUp(CALL_SID);
    const error = await rejectionOf(control.hangUp(CALL_SID));
    expect(error.message).to.include('Call is not in-progress');
  });

  it('puts a caller through with new TwiML: a dial to the number, whose outcome Twilio posts to the given URL', async () => {
    const transferEndedUrl = 'https://clinic.example.com/api/v1/voice/transfer-ended';
    const control = new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } },
      { httpClient: fake.httpClient(), transferEndedUrl },
    );
    await control.transfer(CALL_SID, FRONT_DESK);
    expect(fake.callUpdates).to.deep.equal([
      {
        sid: CALL_SID,
        form: {
          Twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="25" action="${transferEndedUrl}" method="POST">${FRONT_DESK}</Dial></Response>`,
        },
      },
    ]);
  });

  it('refuses to transfer without a URL for Twilio to report to, and asks Twilio nothing', async () => {
    const control = new TwilioCallControl(
      { accountSid: ACCOUNT_SID, credentials: { authToken: AUTH_TOKEN } },
      { httpClient: fake.httpClient() },
    );
    const error = await rejectionOf(control.transfer(CALL_SID, FRONT_DESK));
    expect(error.message).to.include('PUBLIC_BASE_URL');
    expect(fake.requests).to.deep.equal([]);
  });
});
